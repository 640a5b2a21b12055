import { isAppError, toAppError } from "../errors";
import type { AnalyzerState, Stage } from "../jobs/job";
import type { LlmProvider } from "../ports";
import { callEnv, emit, type JobInput, loadJob, nowIso, type PipelineDeps } from "./deps";
import type { PlannedAnalyzer } from "./plan";
import { type CallOutcome, callOnTranscript, callPrompt } from "./prompt-call";
import { shownCost } from "./usage";

export const STAGE_FOLDER: Record<Stage, string> = { A: "stage-a", B: "stage-b", final: "final" };

export interface Attempt {
  /** 1 for the first try. */
  number: number;
  max: number;
  /**
   * The queue puts a rate-limited task back without using an attempt (BullMQ's rate limiter), so
   * a 429 is always worth another try there, even on the last attempt.
   */
  requeueOnRateLimit?: boolean;
}

export interface AnalyzerResult extends CallOutcome {
  durationMs: number;
}

/** Thrown to ask the queue for another attempt; carries the original error as `cause`. */
export class RetryLater extends Error {
  constructor(override readonly cause: unknown) {
    super(`retrying after: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = "RetryLater";
  }
}

/**
 * Runs one analyzer of one job: the unit of work a queue retries. Idempotent: a result already
 * stored is not computed again. A failure that another attempt may fix is thrown as RetryLater
 * while attempts remain; any other failure is recorded on the analyzer and the job goes on.
 */
export async function runAnalyzerStep(
  task: { jobId: string; stage: Stage; analyzerId: string },
  deps: PipelineDeps,
  attempt: Attempt = { number: 1, max: 1 },
): Promise<AnalyzerState> {
  const { jobId, stage, analyzerId } = task;
  const { record, input } = await loadJob(jobId, deps);
  const planned = input.plan.stages[stage].find((a) => a.id === analyzerId);
  if (!planned) throw toAppError(new Error(`analyzer ${stage}.${analyzerId} is not in the plan of ${jobId}`));
  const key = `${stage}.${analyzerId}`;
  const base: AnalyzerState = {
    id: analyzerId,
    name: planned.name,
    stage,
    status: "pending",
    model: planned.model,
  };
  const set = (state: AnalyzerState) => deps.store.setAnalyzer(jobId, key, state);

  const stored = await deps.store.result(jobId, key);
  if (stored) return recoverFinished(jobId, key, base, JSON.parse(stored) as AnalyzerResult, deps);
  if (record.status === "cancelled") {
    const state = { ...base, status: "cancelled" as const };
    await set(state);
    return state;
  }
  const llm = input.plan.llm.enabled ? deps.llmFor(input.credentials) : null;
  if (!llm) {
    const state = {
      ...base,
      status: "skipped" as const,
      reason: input.plan.llm.reason ?? "No model service is configured.",
    };
    await set(state);
    return state;
  }

  const startedAt = nowIso(deps);
  if (record.status === "queued")
    await deps.store.patch(jobId, { status: "running", startedAt, updatedAt: startedAt });
  await set({ ...base, status: "running", startedAt, attempts: attempt.number });
  await emit(deps, jobId, "analyzer.started", {
    stage,
    analyzer: analyzerId,
    model: planned.model,
    attempt: attempt.number,
  });
  const started = Date.now();
  try {
    const outcome = await runOne(jobId, planned, input, llm, deps);
    const result: AnalyzerResult = { ...outcome, durationMs: Date.now() - started };
    // Another worker may have finished the same task first: its result stands.
    const wrote = await deps.store.putResultOnce(jobId, key, JSON.stringify(result));
    const final = wrote ? result : (JSON.parse((await deps.store.result(jobId, key))!) as AnalyzerResult);
    await deps.artifacts.write(jobId, `${STAGE_FOLDER[stage]}/${analyzerId}.md`, final.text);
    const state = completedState({ ...base, startedAt, attempts: attempt.number }, final, nowIso(deps));
    await set(state);
    await emit(deps, jobId, "analyzer.completed", {
      stage,
      analyzer: analyzerId,
      model: final.model,
      durationMs: final.durationMs,
      usage: final.spend.usage,
      costUsd: shownCost(final.spend),
      ...(final.chunking ? { chunking: final.chunking } : {}),
    });
    return state;
  } catch (e) {
    const error = toAppError(e);
    const retryable = isAppError(e) && (e as { retryable?: boolean }).retryable === true;
    const cancelled = (await deps.store.record(jobId))?.status === "cancelled";
    const rateLimited = error.code === "llm_rate_limited" && attempt.requeueOnRateLimit === true;
    if (retryable && !cancelled && (attempt.number < attempt.max || rateLimited)) throw new RetryLater(e);
    const state: AnalyzerState = {
      ...base,
      status: cancelled ? "cancelled" : "error",
      startedAt,
      finishedAt: nowIso(deps),
      durationMs: Date.now() - started,
      attempts: attempt.number,
      error: { code: error.code, message: error.message },
    };
    await set(state);
    if (!cancelled) {
      await emit(deps, jobId, "analyzer.error", { stage, analyzer: analyzerId, error: state.error });
    }
    return state;
  }
}

/** A result was stored but the step stopped before recording it (a crash): finish the bookkeeping. */
async function recoverFinished(
  jobId: string,
  key: string,
  base: AnalyzerState,
  result: AnalyzerResult,
  deps: PipelineDeps,
): Promise<AnalyzerState> {
  const current = (await deps.store.analyzers(jobId))[key];
  if (current?.status === "completed") return current;
  await deps.artifacts.write(jobId, `${STAGE_FOLDER[base.stage as Stage]}/${base.id}.md`, result.text);
  const state = completedState(base, result, nowIso(deps));
  await deps.store.setAnalyzer(jobId, key, state);
  await emit(deps, jobId, "analyzer.completed", {
    stage: base.stage,
    analyzer: base.id,
    model: result.model,
    durationMs: result.durationMs,
    usage: result.spend.usage,
    costUsd: shownCost(result.spend),
    recovered: true,
  });
  return state;
}

async function runOne(
  jobId: string,
  planned: PlannedAnalyzer,
  input: JobInput,
  llm: LlmProvider,
  deps: PipelineDeps,
): Promise<CallOutcome> {
  const env = callEnv(jobId, input, llm, planned.model, deps);
  if (planned.stage === "A") {
    return callOnTranscript(planned.definition, input, input.values, env, {
      reduce: input.plan.reduce,
      key: `${planned.stage}.${planned.id}`,
    });
  }
  const stageInput = await deps.store.result(jobId, `input.${planned.stage}`);
  if (!stageInput) throw toAppError(new Error(`the ${planned.stage} context of ${jobId} is missing`));
  const { context, transcript } = JSON.parse(stageInput) as { context: string; transcript?: string };
  return callPrompt(
    planned.definition,
    { blocks: transcript ? { context, transcript } : { context }, values: input.values },
    env,
  );
}

function completedState(base: AnalyzerState, r: AnalyzerResult, finishedAt?: string): AnalyzerState {
  const state: AnalyzerState = {
    ...base,
    status: "completed",
    model: r.model,
    durationMs: r.durationMs,
    usage: r.spend.usage,
    costUsd: shownCost(r.spend),
    calls: r.spend.calls,
  };
  if (finishedAt) state.finishedAt = finishedAt;
  if (r.chunking) state.chunking = r.chunking;
  return state;
}
