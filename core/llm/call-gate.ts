import { AppError } from "../errors";

export interface CallGateOptions {
  /** Calls in flight at once; undefined for no count limit (the rates alone bound them). */
  concurrency?: number | undefined;
  /** Calls started per minute; undefined or 0 for no limit. */
  requestsPerMinute?: number | undefined;
  /** Tokens (input plus the output reserve) started per minute; undefined or 0 for no limit. */
  tokensPerMinute?: number | undefined;
  now?: () => number;
}

export interface CallGate {
  /**
   * Waits until a call of about `tokens` tokens may start, then holds its place until the
   * returned function is called. Turns are given in arrival order.
   */
  acquire(tokens: number, signal?: AbortSignal): Promise<() => void>;
  /** Calls running and waiting, for health reports and tests. */
  counts(): { running: number; waiting: number };
}

interface Waiter {
  tokens: number;
  start: (release: () => void) => void;
}

/**
 * Paces calls to one model service by rate, the way providers limit them (requests and tokens
 * per minute, as token buckets that start full, so a burst up to a minute's allowance starts at
 * once), and optionally by a count of calls in flight (a local server that answers one at a time).
 */
export function createCallGate(options: CallGateOptions = {}): CallGate {
  const now = options.now ?? Date.now;
  const concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
  const requests = options.requestsPerMinute ? bucket(options.requestsPerMinute, now) : undefined;
  const tokenBucket = options.tokensPerMinute ? bucket(options.tokensPerMinute, now) : undefined;
  const waiting: Waiter[] = [];
  let running = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const pump = () => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    while (waiting.length > 0 && running < concurrency) {
      const head = waiting[0]!;
      const wait = Math.max(requests?.waitFor(1) ?? 0, tokenBucket?.waitFor(head.tokens) ?? 0);
      if (wait > 0) {
        timer = setTimeout(pump, Math.ceil(wait));
        timer.unref?.();
        return;
      }
      waiting.shift();
      requests?.take(1);
      tokenBucket?.take(head.tokens);
      running++;
      let released = false;
      head.start(() => {
        if (released) return;
        released = true;
        running--;
        pump();
      });
    }
  };

  return {
    acquire(tokens, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(cancelled(signal));
        const waiter: Waiter = {
          tokens: Math.max(0, tokens),
          start: (release) => {
            signal?.removeEventListener("abort", onAbort);
            resolve(release);
          },
        };
        const onAbort = () => {
          const i = waiting.indexOf(waiter);
          if (i >= 0) waiting.splice(i, 1);
          reject(cancelled(signal!));
          pump();
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        waiting.push(waiter);
        pump();
      });
    },
    counts: () => ({ running, waiting: waiting.length }),
  };
}

/** A token bucket refilled evenly over a minute; a request larger than the bucket waits for it to be full. */
function bucket(perMinute: number, now: () => number) {
  const ratePerMs = perMinute / 60_000;
  let level = perMinute;
  let at = now();
  const refill = () => {
    const t = now();
    level = Math.min(perMinute, level + (t - at) * ratePerMs);
    at = t;
  };
  return {
    waitFor(amount: number): number {
      refill();
      const needed = Math.min(amount, perMinute);
      return level >= needed ? 0 : (needed - level) / ratePerMs;
    },
    take(amount: number) {
      refill();
      level -= Math.min(amount, perMinute);
    },
  };
}

function cancelled(signal: AbortSignal): AppError {
  return new AppError("cancelled", "The LLM call was cancelled before it started.", { cause: signal.reason });
}
