import { describe, expect, it } from "vitest";
import { LlmError } from "../errors";
import { abortableSleep, type RetryOptions, withRetries } from "./retry";

const serverError = () => new LlmError("llm_server_error", "HTTP 500", { retryable: true, status: 500 });

function options(overrides: Partial<RetryOptions> = {}) {
  const waits: number[] = [];
  const opts: RetryOptions = {
    maxAttempts: 5,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.999,
    ...overrides,
  };
  return { opts, waits };
}

/** A function failing with `errors` in turn, then returning "done". */
function flaky(errors: unknown[]) {
  let calls = 0;
  const fn = async () => {
    const error = errors[calls++];
    if (error !== undefined) throw error;
    return "done";
  };
  return { fn, calls: () => calls };
}

describe("withRetries", () => {
  it("returns the value and the attempt count", async () => {
    const { opts } = options();
    const { fn } = flaky([serverError(), serverError()]);
    await expect(withRetries(fn, opts)).resolves.toEqual({ value: "done", attempts: 3 });
  });

  it("backs off exponentially with full jitter, capped at maxDelayMs", async () => {
    const { opts, waits } = options({ maxAttempts: 6 });
    const { fn } = flaky(Array.from({ length: 5 }, serverError));
    await withRetries(fn, opts);
    // random() = 0.999 of caps 100, 200, 400, 800, then 1000 (the max).
    expect(waits).toEqual([99, 199, 399, 799, 999]);
  });

  it("spreads delays over [0, cap) so workers that failed together do not retry together", async () => {
    const delays = [0, 0.25, 0.5].map(async (r) => {
      const { opts, waits } = options({ random: () => r });
      await withRetries(flaky([serverError()]).fn, opts);
      return waits[0];
    });
    expect(await Promise.all(delays)).toEqual([0, 25, 50]);
  });

  it("waits at least the service's Retry-After, up to a generous cap", async () => {
    const limited = (ms: number) =>
      new LlmError("llm_rate_limited", "429", { retryable: true, retryAfterMs: ms, status: 429 });
    const { opts, waits } = options({ maxRetryAfterMs: 60_000 });
    await withRetries(flaky([limited(20_000), limited(10), limited(600_000)]).fn, opts);
    expect(waits).toEqual([20_000, 199, 60_000]);
  });

  it("stops at a non-retryable error without waiting", async () => {
    const { opts, waits } = options();
    const auth = new LlmError("llm_auth", "401", { retryable: false, status: 401 });
    const { fn, calls } = flaky([auth]);
    await expect(withRetries(fn, opts)).rejects.toBe(auth);
    expect(calls()).toBe(1);
    expect(waits).toEqual([]);
  });

  it("does not retry errors that are not LLM errors (bugs surface at once)", async () => {
    const { opts } = options();
    const { fn, calls } = flaky([new TypeError("x is undefined")]);
    await expect(withRetries(fn, opts)).rejects.toThrow(TypeError);
    expect(calls()).toBe(1);
  });

  it("gives up after maxAttempts, keeping the code and saying how many attempts were made", async () => {
    const { opts } = options({ maxAttempts: 3 });
    const { fn, calls } = flaky(Array.from({ length: 9 }, serverError));
    await expect(withRetries(fn, opts)).rejects.toMatchObject({
      code: "llm_server_error",
      retryable: true,
      message: expect.stringContaining("Gave up after 3 attempts"),
    });
    expect(calls()).toBe(3);
  });

  it("tells onRetry about each retry", async () => {
    const seen: Array<[number, number, string]> = [];
    const { opts } = options({
      onRetry: ({ attempt, delayMs, error }) => seen.push([attempt, delayMs, error.code]),
    });
    await withRetries(flaky([serverError(), serverError()]).fn, opts);
    expect(seen).toEqual([
      [1, 99, "llm_server_error"],
      [2, 199, "llm_server_error"],
    ]);
  });

  it("stops with `cancelled` when the signal aborts during the backoff", async () => {
    const controller = new AbortController();
    const { fn, calls } = flaky([serverError(), serverError()]);
    const run = withRetries(fn, {
      maxAttempts: 5,
      baseDelayMs: 10_000,
      maxDelayMs: 10_000,
      random: () => 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    await expect(run).rejects.toMatchObject({ code: "cancelled" });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(calls()).toBe(1);
  });

  it("does not start when the signal is already aborted", async () => {
    const { opts } = options({ signal: AbortSignal.abort() });
    const { fn, calls } = flaky([]);
    await expect(withRetries(fn, opts)).rejects.toMatchObject({ code: "cancelled" });
    expect(calls()).toBe(0);
  });
});

describe("abortableSleep", () => {
  it("waits about the given time", async () => {
    const started = performance.now();
    await abortableSleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
