import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCallGate } from "./call-gate";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts `n` acquisitions and records the fake time at which each one got its turn. */
function contend(gate: ReturnType<typeof createCallGate>, tokens: number[]) {
  const started: Array<number | undefined> = tokens.map(() => undefined);
  const releases: Array<() => void> = [];
  tokens.forEach((t, i) => {
    void gate.acquire(t).then((release) => {
      started[i] = Date.now();
      releases[i] = release;
    });
  });
  return { started, releases };
}

describe("the call gate", () => {
  it("starts every call at once when only rates bound it and they allow the burst", async () => {
    const gate = createCallGate({ requestsPerMinute: 500, tokensPerMinute: 2_000_000 });
    const t0 = Date.now();
    const { started } = contend(gate, Array(10).fill(20_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(Array(10).fill(t0));
  });

  it("holds calls beyond the requests-per-minute allowance until the bucket refills", async () => {
    const gate = createCallGate({ requestsPerMinute: 2 });
    const t0 = Date.now();
    const { started } = contend(gate, [1, 1, 1]);
    await vi.advanceTimersByTimeAsync(0);
    expect(started.slice(0, 2)).toEqual([t0, t0]);
    expect(started[2]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(started[2]).toBe(t0 + 30_000);
  });

  it("paces by tokens per minute, a call larger than the allowance waiting for a full bucket", async () => {
    const gate = createCallGate({ tokensPerMinute: 60_000 });
    const t0 = Date.now();
    const { started } = contend(gate, [40_000, 40_000, 90_000]);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([t0, undefined, undefined]);
    // 20,000 left; 20,000 more take 20 s at 1,000 tokens a second.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(started[1]).toBe(t0 + 20_000);
    // The 90,000-token call needs the whole bucket (60,000): a full minute after it emptied.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(started[2]).toBe(t0 + 80_000);
  });

  it("with a concurrency of 1 runs calls one at a time, in arrival order", async () => {
    const gate = createCallGate({ concurrency: 1 });
    const { started, releases } = contend(gate, [1, 1, 1]);
    await vi.advanceTimersByTimeAsync(0);
    expect(started.map((s) => s !== undefined)).toEqual([true, false, false]);
    expect(gate.counts()).toEqual({ running: 1, waiting: 2 });
    releases[0]!();
    releases[0]!(); // a second release of the same turn frees nothing more
    await vi.advanceTimersByTimeAsync(0);
    expect(started.map((s) => s !== undefined)).toEqual([true, true, false]);
    releases[1]!();
    await vi.advanceTimersByTimeAsync(0);
    expect(started.every((s) => s !== undefined)).toBe(true);
  });

  it("gives up a waiting turn when the caller aborts, and lets the next one go", async () => {
    const gate = createCallGate({ concurrency: 1 });
    const first = await gate.acquire(1);
    const controller = new AbortController();
    const waiting = gate.acquire(1, controller.signal);
    const after = gate.acquire(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: "cancelled" });
    first();
    await expect(after).resolves.toBeTypeOf("function");
  });
});
