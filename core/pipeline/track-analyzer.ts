import { type AppError, isAppError, toAppError } from "../errors";
import type { EventStage } from "../jobs/events";
import { type AnalyzerState, analyzerKey } from "../jobs/job";
import type { AnalyzerResult, CallOutcome } from "../jobs/stored";
import { shownCost } from "../llm/usage";
import { nowIso, type PipelineDeps } from "./deps";
import { emit } from "./emit";

/** What a queue says about the run of a task: which attempt this is, of how many. */
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

/** Thrown to ask the queue for another attempt; carries the original error as `cause`. */
export class RetryLater extends Error {
  constructor(override readonly cause: unknown) {
    super(`retrying after: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = "RetryLater";
  }
}

/** An analyzer as its state and events name it: a planned one, the insights step, or a support call. */
export interface TrackedAnalyzer {
  stage: EventStage;
  id: string;
  name: string;
  model: string;
  /** Where its state is kept; `analyzerKey(stage, id)` unless given. */
  key?: string;
}

export interface TrackOptions {
  attempt?: Attempt;
  /** Whether subscribers hear of it: off for support calls that are not an analyzer of their own. */
  announce?: boolean;
  /** Keeps the result, written once, and returns the one that stands (another worker's may). */
  keep?: (result: AnalyzerResult) => Promise<AnalyzerResult>;
  /** Where the text is written among the job's files. */
  artifact?: string;
  /** Puts redacted values back into the text written to the file (the stored result keeps the placeholders). */
  reveal?: (text: string) => string;
  /** Items found, for the insights step's completed event. */
  items?: (result: AnalyzerResult) => number;
}

export type Tracked =
  | { status: "completed"; state: AnalyzerState; result: AnalyzerResult }
  | { status: "error" | "cancelled"; state: AnalyzerState; error: AppError };

/**
 * The life of one analyzer, the same for every step that calls the model: `running` with
 * `analyzer.started`, then `completed` with its result, file and `analyzer.completed`, or
 * `error` with `analyzer.error` (`cancelled`, silently, when the job was cancelled meanwhile).
 * A failure another attempt may fix is thrown as RetryLater while the queue has attempts left.
 */
export async function trackAnalyzer(
  deps: PipelineDeps,
  jobId: string,
  analyzer: TrackedAnalyzer,
  run: () => Promise<CallOutcome>,
  options: TrackOptions = {},
): Promise<Tracked> {
  const announce = options.announce ?? true;
  const key = analyzer.key ?? analyzerKey(analyzer.stage, analyzer.id);
  const attempts = options.attempt ? { attempts: options.attempt.number } : {};
  const startedAt = nowIso(deps);
  const base: AnalyzerState = {
    id: analyzer.id,
    name: analyzer.name,
    stage: analyzer.stage,
    status: "running",
    model: analyzer.model,
    startedAt,
    ...attempts,
  };
  // The call goes out while its `running` state and `analyzer.started` are written: on the
  // critical path, a stage's calls do not queue behind each other's status writes. Both are
  // written before anything says how the call ended.
  const announced = (async () => {
    await deps.store.setAnalyzer(jobId, key, base);
    if (announce) {
      await emit(deps, jobId, "analyzer.started", {
        stage: analyzer.stage,
        analyzer: analyzer.id,
        model: analyzer.model,
        ...(options.attempt ? { attempt: options.attempt.number } : {}),
      });
    }
  })();
  const started = Date.now();
  let result: AnalyzerResult;
  try {
    const calling = run();
    // Waited for even when the call fails first, so no `error` state is overwritten by `running`.
    const [outcome] = await Promise.allSettled([calling, announced]);
    await announced;
    if (outcome.status === "rejected") throw outcome.reason;
    result = { ...outcome.value, durationMs: Date.now() - started };
  } catch (e) {
    const error = toAppError(e);
    const cancelled = (await deps.store.record(jobId))?.status === "cancelled";
    if (!cancelled && options.attempt && worthAnotherAttempt(e, options.attempt)) throw new RetryLater(e);
    const state: AnalyzerState = {
      ...base,
      status: cancelled ? "cancelled" : "error",
      finishedAt: nowIso(deps),
      durationMs: Date.now() - started,
      error: { code: error.code, message: error.message },
    };
    await deps.store.setAnalyzer(jobId, key, state);
    if (announce && !cancelled) {
      await emit(deps, jobId, "analyzer.error", {
        stage: analyzer.stage,
        analyzer: analyzer.id,
        error: error.toJSON(),
      });
    }
    return { status: state.status as "error" | "cancelled", state, error };
  }
  const standing = options.keep ? await options.keep(result) : result;
  const state = await completeAnalyzer(deps, jobId, { ...base, key }, standing, {
    announce,
    ...(options.artifact ? { artifact: options.artifact } : {}),
    ...(options.reveal ? { reveal: options.reveal } : {}),
    ...(options.items ? { items: options.items(standing) } : {}),
  });
  return { status: "completed", state, result: standing };
}

/**
 * Records a finished analyzer: its file, its `completed` state and `analyzer.completed`. Also
 * the way back after a crash between storing a result and recording it (`recovered`).
 */
export async function completeAnalyzer(
  deps: PipelineDeps,
  jobId: string,
  base: AnalyzerState & { key: string },
  result: AnalyzerResult,
  options: {
    announce: boolean;
    artifact?: string;
    reveal?: (text: string) => string;
    items?: number;
    recovered?: boolean;
  },
): Promise<AnalyzerState> {
  const { key, ...rest } = base;
  if (options.artifact) {
    await deps.artifacts.write(
      jobId,
      options.artifact,
      options.reveal ? options.reveal(result.text) : result.text,
    );
  }
  const state: AnalyzerState = {
    ...rest,
    status: "completed",
    model: result.model,
    finishedAt: nowIso(deps),
    durationMs: result.durationMs,
    usage: result.spend.usage,
    costUsd: shownCost(result.spend),
    calls: result.spend.calls,
    ...(result.chunking ? { chunking: result.chunking } : {}),
  };
  await deps.store.setAnalyzer(jobId, key, state);
  if (options.announce) {
    await emit(deps, jobId, "analyzer.completed", {
      stage: base.stage,
      analyzer: base.id,
      model: result.model,
      durationMs: result.durationMs,
      usage: result.spend.usage,
      costUsd: shownCost(result.spend),
      ...(result.chunking ? { chunking: result.chunking } : {}),
      ...(options.items !== undefined ? { items: options.items } : {}),
      ...(options.recovered ? { recovered: true } : {}),
    });
  }
  return state;
}

function worthAnotherAttempt(e: unknown, attempt: Attempt): boolean {
  const retryable = isAppError(e) && (e as { retryable?: boolean }).retryable === true;
  if (!retryable) return false;
  const rateLimited = (e as AppError).code === "llm_rate_limited" && attempt.requeueOnRateLimit === true;
  return attempt.number < attempt.max || rateLimited;
}
