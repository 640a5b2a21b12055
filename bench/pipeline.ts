/**
 * Pipeline benchmark: wall time of a whole job with every built-in analyzer while the LLM test
 * double answers each call a fixed delay after it arrives, as a ratio to the critical path (one
 * call per stage level: A, B, Final, insights); and the share of input tokens the provider could
 * serve from its prefix cache. The double runs in a process of its own, as a service would.
 */
import { createPipelineHarness, fixtureTranscript } from "../test/helpers/pipeline-harness";
import { startDoubleProcess } from "./tsx-service";

const LEVELS = 4;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(delayMs: number, runs: number) {
  const double = await startDoubleProcess(delayMs);
  try {
    const h = await createPipelineHarness({ OPENAI_BASE_URL: double.baseURL, OPENAI_MODEL: "gpt-5-nano" });
    const meeting = await fixtureTranscript("Bed004.txt");
    await h.run(meeting, {}); // warm-up: module loading, connection pool, tokenizer tables
    const walls: number[] = [];
    let last: Awaited<ReturnType<typeof h.run>> | undefined;
    for (let i = 0; i < runs; i++) {
      last = await h.run(meeting, {});
      walls.push(last.wallMs);
    }
    await h.close();
    return { walls, doc: last!.doc };
  } finally {
    await double.stop();
  }
}

export async function runPipelineBench(options: { delays?: number[]; runs?: number } = {}) {
  const delays = options.delays ?? [400, 1000];
  const runs = options.runs ?? 3;
  const byDelay = [];
  let doc: Awaited<ReturnType<typeof measure>>["doc"] | undefined;
  for (const delayMs of delays) {
    const m = await measure(delayMs, runs);
    doc = m.doc;
    byDelay.push({
      llmDelayMs: delayMs,
      criticalPathMs: LEVELS * delayMs,
      wallMs: m.walls.map(Math.round),
      ratioToCriticalPath: round3(median(m.walls) / (LEVELS * delayMs)),
      overheadMs: Math.round(median(m.walls) - LEVELS * delayMs),
    });
  }
  const u = doc!.totals!.usage;
  const stageA = Object.values(doc!.stages.A.analyzers);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    transcript: "Bed004 (374 segments, 9,604 words), every built-in analyzer, concurrency 32",
    analyzers: { A: doc!.plan.A.length, B: doc!.plan.B.length, final: doc!.plan.final.length, insights: 1 },
    timedFrom: "createJob (computed analyses, token count, first files) to the COMPLETED marker",
    byDelay,
    target: "ratio < 1.05",
    calls: doc!.totals!.calls,
    prefixCache: {
      inputTokens: u.inputTokens,
      cachedInputTokens: u.cachedInputTokens,
      cachedShare: round3(u.cachedInputTokens / u.inputTokens),
      stageACachedShare: round3(
        sum(stageA.map((s) => s.usage!.cachedInputTokens)) / sum(stageA.map((s) => s.usage!.inputTokens)),
      ),
      note: "cached = the double's simulation of OpenAI's prefix cache (1,024-token minimum, 128-token steps)",
    },
    costUsd: Math.round(doc!.totals!.costUsd * 1e6) / 1e6,
  };
}
