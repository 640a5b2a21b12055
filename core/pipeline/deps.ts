import type { ComputedAnalyses } from "../computed";
import { AppError, jobNotFound } from "../errors";
import type { JobRecord } from "../jobs/job";
import { modelLimits } from "../llm/models";
import type { PricingTable } from "../llm/pricing";
import type { ArtifactStore, EventBus, EventType, JobEvent, JobStore, LlmProvider } from "../ports";
import type { Transcript } from "../transcript/model";
import type { JobPlan } from "./plan";
import type { CallEnv, CallOutcome } from "./prompt-call";

/** What the pipeline steps need from outside; adapters in infra/ provide each. */
export interface PipelineDeps {
  store: JobStore;
  events: EventBus;
  artifacts: ArtifactStore;
  /** The model service for a job's credentials (a session's own key, else the server's); null when none. */
  llmFor: (credentials: string | undefined) => LlmProvider | null;
  settings: PipelineSettings;
  now?: () => Date;
  /** Aborts a running job's calls when it is cancelled (in-process runs). */
  signalFor?: (jobId: string) => AbortSignal | undefined;
  /**
   * Parsed job inputs by job id. An input never changes once stored, so a process may keep it
   * instead of fetching and parsing it again for each of a job's steps.
   */
  inputCache?: Map<string, JobInput>;
}

export interface PipelineSettings {
  /** Lower than the model's window when set (`LLM_MAX_INPUT_TOKENS`). */
  maxInputTokens?: number;
  maxOutputTokens: number;
  pricing: PricingTable;
}

/** Written once when the job is created: what the request gave. */
export interface StoredInput {
  transcript: Transcript;
  plan: JobPlan;
  /** Opaque to core: e.g. a session's API key, encrypted by infra. */
  credentials?: string;
}

/** Written once by the prepare step: what every later step reads beside the transcript. */
export interface PreparedInput {
  computed: ComputedAnalyses;
  values: Record<string, string>;
  /** The transcript rendered with segment ids, and its token count. */
  transcriptText: string;
  transcriptTokens: number;
}

export type JobInput = StoredInput & PreparedInput;

/** The result key the prepare step writes its output under. */
export const PREPARED = "prepared";

/** The job's record, its stored input and, once the prepare step ran, the prepared part. */
export async function readJob(
  jobId: string,
  store: PipelineDeps["store"],
): Promise<{ record: JobRecord; input: StoredInput; prepared: PreparedInput | null }> {
  const [record, raw, prepared] = await Promise.all([
    store.record(jobId),
    store.input(jobId),
    store.result(jobId, PREPARED),
  ]);
  if (!record || !raw) throw jobNotFound(jobId);
  return {
    record,
    input: JSON.parse(raw) as StoredInput,
    prepared: prepared ? (JSON.parse(prepared) as PreparedInput) : null,
  };
}

const INPUT_CACHE_SIZE = 32;

/** What every step after prepare reads: the record (always fresh) and the whole input (cached). */
export async function loadJob(
  jobId: string,
  deps: PipelineDeps,
): Promise<{ record: JobRecord; input: JobInput }> {
  const cached = deps.inputCache?.get(jobId);
  if (cached) {
    const record = await deps.store.record(jobId);
    if (!record) throw jobNotFound(jobId);
    return { record, input: cached };
  }
  const { record, input, prepared } = await readJob(jobId, deps.store);
  if (!prepared)
    throw new AppError("internal", `Job ${jobId} has not been prepared; its prepare step must run first.`);
  const whole: JobInput = { ...input, ...prepared };
  if (deps.inputCache) {
    if (deps.inputCache.size >= INPUT_CACHE_SIZE)
      deps.inputCache.delete(deps.inputCache.keys().next().value!);
    deps.inputCache.set(jobId, whole);
  }
  return { record, input: whole };
}

export const nowIso = (deps: PipelineDeps) => (deps.now?.() ?? new Date()).toISOString();

export function emit(
  deps: PipelineDeps,
  jobId: string,
  type: EventType,
  data: Record<string, unknown> = {},
): Promise<JobEvent> {
  return deps.events.publish({ type, jobId, ts: nowIso(deps), data });
}

/** The most input one call may carry for `model`, keeping room for the answer. */
export function inputBudget(model: string, settings: PipelineSettings): number {
  const limits = modelLimits(model);
  const output = Math.min(settings.maxOutputTokens, limits.maxOutputTokens);
  const byModel = limits.contextWindow - output - 1_000;
  return Math.max(1_000, Math.min(byModel, settings.maxInputTokens ?? Number.POSITIVE_INFINITY));
}

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
      if (stored) return JSON.parse(stored) as CallOutcome;
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
