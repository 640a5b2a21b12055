import { type CallOutcome, CallOutcomeSchema, type JobInput, parseStored } from "../jobs/stored";
import { callLimits, type LlmCapabilities, safetyMargin } from "../llm/capabilities";
import type { LlmProvider } from "../ports";
import type { PipelineDeps, PipelineSettings } from "./deps";
import type { CallEnv } from "./prompt-call";

/** What one call may carry for a model: input after the output reserve, and the output reserve. */
export interface CallBudget {
  maxInputTokens: number;
  maxOutputTokens: number;
}

/**
 * Sizes calls by the window the service really has (`LLM_CONTEXT_TOKENS`, its model list, or the
 * model table): room for the answer first, a margin for tokenizer differences, then the input,
 * never above `LLM_MAX_INPUT_TOKENS`.
 */
export function callBudget(
  caps: Pick<LlmCapabilities, "contextWindow" | "maxOutputTokens">,
  settings: PipelineSettings,
): CallBudget {
  const limits = callLimits(caps);
  const output = Math.min(settings.maxOutputTokens, limits.maxOutputTokens);
  const byWindow = limits.contextWindow - output - safetyMargin(limits.contextWindow);
  const input = Math.max(500, Math.min(byWindow, settings.maxInputTokens ?? Number.POSITIVE_INFINITY));
  return { maxInputTokens: input, maxOutputTokens: output };
}

/** The call budget for `model` on the service `llm`. */
export async function budgetFor(
  llm: LlmProvider,
  model: string,
  settings: PipelineSettings,
): Promise<CallBudget> {
  return callBudget(await llm.capabilities(model), settings);
}

/** How a job's calls are made: its model, budgets, cache key, abort signal and stored call results. */
export async function callEnv(
  jobId: string,
  input: JobInput,
  llm: LlmProvider,
  model: string,
  deps: PipelineDeps,
): Promise<CallEnv> {
  const env: CallEnv = {
    llm,
    system: input.plan.system,
    model,
    ...(await budgetFor(llm, model, deps.settings)),
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
