import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { InputError } from "../../core/errors";
import { inlineCpuWork, prepareInput } from "../../core/pipeline/cpu-work";
import { parseTranscript } from "../../core/transcript";
import { SILENT_LOG } from "../../test/helpers/function-deps";
import { FIXTURES, ROOT } from "../../test/helpers/pipeline-harness";
import { type CpuPool, createCpuPool } from "./cpu-pool";

/** The built thread (global setup builds dist/): from source, tsx takes seconds to start each one. */
const SCRIPT = pathToFileURL(path.join(ROOT, "dist", "host", "cpu-worker.mjs"));
const pools: CpuPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
const pool = (options: Partial<Parameters<typeof createCpuPool>[0]> = {}) => {
  const p = createCpuPool({
    threads: 1,
    timeoutMs: 60_000,
    memoryMb: 512,
    log: SILENT_LOG,
    script: SCRIPT,
    ...options,
  });
  pools.push(p);
  return p;
};
/** One pool for the tests that need no special bounds. */
let shared: CpuPool | undefined;
const sharedPool = () => {
  shared ??= createCpuPool({ threads: 1, timeoutMs: 60_000, memoryMb: 512, log: SILENT_LOG, script: SCRIPT });
  return shared;
};
afterAll(() => shared?.close());
const meeting = () => readFile(path.join(FIXTURES, "ES2002a.txt"), "utf8");
const NOW = "2025-10-01T12:00:00.000Z";

// Each test starts threads (a few seconds each on a busy machine): the timeouts are hang guards.
describe("the CPU pool", { timeout: 60_000 }, () => {
  it("answers exactly what the caller's own thread would", async () => {
    const p = sharedPool();
    const text = await meeting();
    const transcript = await p.parseTranscript(text, { fileName: "ES2002a.txt" });
    expect(transcript).toEqual(await inlineCpuWork.parseTranscript(text, { fileName: "ES2002a.txt" }));
    expect(await p.prepare(transcript, NOW)).toEqual(prepareInput(transcript, new Date(NOW)));
  });

  it("keeps an input error's class and code, and keeps serving after it", async () => {
    const p = sharedPool();
    const error = await p
      .parseTranscript("WEBVTT\n\nnot a cue\n", { fileName: "x.vtt" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: expect.stringMatching(/^(malformed_vtt|empty_transcript)$/) });
    expect((await p.parseTranscript("Alice: hi", {})).speakers).toEqual(["Alice"]);
  });

  it("stops a step past its time bound with step_timeout and frees its place", async () => {
    const slow = pool({ timeoutMs: 1 });
    const error = await slow.prepare(await parseTranscript(await meeting()), NOW).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "step_timeout", message: expect.stringMatching(/STEP_TIMEOUT_MS/) });
    expect(slow.pending()).toBe(0);
  });

  it("ends a step whose heap passes its bound with too_large, and serves the next on a fresh thread", {
    timeout: 60_000,
  }, async () => {
    const tight = pool({ memoryMb: 48 });
    // Far more than 48 MB of segments once parsed.
    const huge = Array.from(
      { length: 400_000 },
      (_, i) => `Speaker ${i % 50}: line number ${i} of many`,
    ).join("\n");
    const error = await tight.parseTranscript(huge, { maxBytes: 50 * 1024 * 1024 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "too_large", message: expect.stringMatching(/STEP_MEMORY_MB/) });
    expect((await tight.parseTranscript("Alice: hi", {})).speakers).toEqual(["Alice"]);
  });

  it("leaves the caller's event loop free while a step runs", async () => {
    const p = sharedPool();
    const transcript = await parseTranscript(await meeting());
    const big = { ...transcript, segments: Array.from({ length: 8 }, () => transcript.segments).flat() };
    await p.prepare(transcript, NOW); // the thread is up
    const inlineStarted = performance.now();
    prepareInput(big, new Date(NOW));
    const inlineMs = performance.now() - inlineStarted;
    let last = performance.now();
    let longestGap = 0;
    const tick = setInterval(() => {
      const t = performance.now();
      longestGap = Math.max(longestGap, t - last);
      last = t;
    }, 2);
    await p.prepare(big, NOW);
    clearInterval(tick);
    // Inline, one step held the loop for inlineMs; on the pool the loop kept ticking.
    expect(longestGap).toBeLessThan(inlineMs / 2);
  });
});
