import { AppError, LlmError, type LlmErrorCode } from "../errors";

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryOptions {
  /** Total attempts, the first one included (1 = no retry). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A service's Retry-After is honoured up to this, even above maxDelayMs (default 2 minutes). */
  maxRetryAfterMs?: number;
  sleep?: Sleep;
  /** In [0, 1); injected so tests get fixed delays. */
  random?: () => number;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: LlmError }) => void;
}

export interface RetryOutcome<T> {
  value: T;
  /** Attempts made, 1 when the first one succeeded. */
  attempts: number;
}

const DEFAULT_MAX_RETRY_AFTER_MS = 120_000;

/** Waits `ms`, ending early with a `cancelled` error when the signal aborts. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

function cancelledError(signal: AbortSignal): AppError {
  return new AppError("cancelled", "The LLM call was cancelled before it finished.", {
    cause: signal.reason,
  });
}

/**
 * The delay before attempt `attempt + 1`: "full jitter" (uniform in [0, cap]) with an exponential
 * cap, so many workers that failed together do not retry together. A Retry-After from the service
 * is a floor, since retrying earlier only earns another 429.
 */
export function retryDelayMs(
  attempt: number,
  error: LlmError,
  options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs" | "maxRetryAfterMs">,
  random: () => number,
): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * cap);
  if (error.retryAfterMs === undefined) return jittered;
  const floor = Math.min(error.retryAfterMs, options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
  return Math.max(jittered, Math.ceil(floor));
}

/**
 * Runs `fn` until it succeeds, fails with an error that is not a retryable LlmError, the signal
 * aborts, or maxAttempts is reached (then the last error is thrown, saying how many attempts).
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<RetryOutcome<T>> {
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts));
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw cancelledError(options.signal);
    try {
      return { value: await fn(attempt), attempts: attempt };
    } catch (error) {
      if (options.signal?.aborted) throw cancelledError(options.signal);
      if (!(error instanceof LlmError) || !error.retryable) throw error;
      if (attempt >= maxAttempts) throw attempt > 1 ? gaveUp(error, attempt) : error;
      const delayMs = retryDelayMs(attempt, error, options, random);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}

function gaveUp(error: LlmError, attempts: number): LlmError {
  return new LlmError(error.code as LlmErrorCode, `${error.message} Gave up after ${attempts} attempts.`, {
    cause: error,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    status: error.status,
    details: { ...error.details, attempts },
  });
}
