import { type CallOutcome, CallOutcomeSchema, type JobInput, parseStored } from "../jobs/stored";
import { modelLimits } from "../llm/models";
import type { LlmProvider } from "../ports";
import type { PipelineDeps, PipelineSettings } from "./deps";
import type { CallEnv } from "./prompt-call";

/** The most input one call may carry for `model`, keeping room for the answer. */
export function inputBudget(model: string, settings: PipelineSettings): number {
  const limits = modelLimits(model);
  const output = Math.min(settings.maxOutputTokens, limits.maxOutputTokens);
  const byModel = limits.contextWindow - output - 1_000;
  return Math.max(1_000, Math.min(byModel, settings.maxInputTokens ?? Number.POSITIVE_INFINITY));
}

/** How a job's calls are made: its model, budgets, cache key, abort signal and stored call results. */
export function callEnv(
  jobId: string,
  input: JobInput,
  llm: LlmProvider,
  model: string,
  deps: PipelineDeps,
): CallEnv {
  const env: CallEnv = {
    llm,
    system: input.plan.system,
    model,
    maxInputTokens: inputBudget(model, deps.settings),
    maxOutputTokens: Math.min(deps.settings.maxOutputTokens, modelLimits(model).maxOutputTokens),
    pricing: deps.settings.pricing,
    cacheKey: `job-${jobId}`,
    memo: async (key, call) => {
      const stored = await deps.store.result(jobId, key);
      if (stored) return parseStored(CallOutcomeSchema, stored, `call ${key} of job ${jobId}`) as CallOutcome;
      const outcome = await call();
      await deps.store.putResultOnce(jobId, key, JSON.stringify(outcome));
      return outcome;
    },
  };
  if (input.plan.reasoningEffort) env.reasoningEffort = input.plan.reasoningEffort;
  if (input.plan.verbosity) env.verbosity = input.plan.verbosity;
  const signal = deps.signalFor?.(jobId);
  if (signal) env.signal = signal;
  return env;
}
