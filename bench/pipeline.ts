/**
 * Pipeline benchmark, one job with every built-in analyzer on a one-hour meeting while the LLM
 * test double (a process of its own, standing in for a hosted service) answers each call a fixed
 * delay after it arrives, with answers as long as real analyses:
 * - the model-call wall time (first call started to last call finished, from the job's analyzer
 *   states) as a ratio to the dependency chain A → B → Final (3 × the delay), in the CLI, in
 *   embedded mode (the HTTP host running its own queue) and through the queue (Redis, a BullMQ
 *   worker), all with the default concurrency settings;
 * - beside them, in the same run on the same double, the earlier tool's schedule (Stage A, Stage
 *   B, the five Final calls one after another, then insights) and this tool's schedule before
 *   calls were paced by rate (at most 8 at once, insights after Final);
 * - cost per job at gpt-5, gpt-5-mini and gpt-5-nano list prices, and the share of input tokens
 *   the provider's prefix cache can serve (the double's simulation of it).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AnalyzerState, JobDocument } from "../core/jobs/job";
import { newJobId } from "../core/jobs/job-id";
import { costUsd, DEFAULT_PRICING } from "../core/llm/pricing";
import { runAnalyzerStep } from "../core/pipeline/analyzer-step";
import { createJob } from "../core/pipeline/create-job";
import type { PipelineDeps } from "../core/pipeline/deps";
import { finalizeStep } from "../core/pipeline/finalize-step";
import { insightsStep } from "../core/pipeline/insights-step";
import { buildPlan } from "../core/pipeline/plan";
import { prepareStep } from "../core/pipeline/prepare-step";
import { closeStageStep } from "../core/pipeline/stage-step";
import type { QueueTask } from "../core/ports";
import type { Transcript } from "../core/transcript/model";
import { startHost } from "../test/helpers/host-process";
import { createPipelineHarness, FIXTURES, fixtureTranscript } from "../test/helpers/pipeline-harness";
import { startPostgresServer } from "../test/helpers/postgres-server";
import { startRedisServer } from "../test/helpers/redis-server";
import { startDoubleProcess } from "./tsx-service";

const MEETING = "Bed004.txt";
const DELAY_MS = 1_000;
const ANSWER_TOKENS = 1_200;
const CHAIN = 3;
const MODEL = "gpt-5-nano";
const round3 = (x: number) => Math.round(x * 1000) / 1000;
/** Jobs measured per mode after the warm-up: the machine's noise is ±0.05 of the ratio run to run. */
const RUNS = Number(process.env.PIPELINE_RUNS ?? 5);

/** First call started to last call finished, over every analyzer state of the job (insights too). */
function modelCallWallMs(doc: JobDocument): number {
  const states = allStates(doc).filter((s) => s.startedAt && s.finishedAt);
  const start = Math.min(...states.map((s) => Date.parse(s.startedAt!)));
  const end = Math.max(...states.map((s) => Date.parse(s.finishedAt!)));
  return end - start;
}

function allStates(doc: JobDocument): AnalyzerState[] {
  return [
    ...(["A", "B", "final"] as const).flatMap((stage) => Object.values(doc.stages[stage].analyzers)),
    doc.stages.insights,
    ...(doc.stages.insightsReview ? [doc.stages.insightsReview] : []),
  ];
}

/** A mode's jobs: the median ratio is the figure, every run's beside it. */
function row(mode: string, docs: JobDocument[], note?: string) {
  for (const doc of docs) {
    const failed = allStates(doc).filter((s) => s.status !== "completed");
    if (doc.status !== "completed" || failed.length > 0) {
      throw new Error(
        `${mode}: the job did not complete cleanly (${doc.status}; ${failed.map((s) => s.id)})`,
      );
    }
  }
  const walls = docs.map(modelCallWallMs);
  const median = [...walls].sort((a, b) => a - b)[Math.floor(walls.length / 2)]!;
  return {
    mode,
    modelCallWallMs: median,
    ratioToChain: round3(median / (CHAIN * DELAY_MS)),
    ...(docs.length > 1
      ? { runs: docs.length, ratiosByRun: walls.map((w) => round3(w / (CHAIN * DELAY_MS))) }
      : {}),
    calls: docs[0]!.totals!.calls,
    ...(note ? { note } : {}),
  };
}

/** `RUNS` jobs one after another, after one warm-up job. */
async function measured(run: () => Promise<JobDocument>): Promise<JobDocument[]> {
  await run(); // warm-up: module loading, connection pools, tokenizer tables
  const docs: JobDocument[] = [];
  for (let i = 0; i < RUNS; i++) docs.push(await run());
  return docs;
}

/** The hosted-service setting: the double is on loopback but stands in for a remote provider. */
const hostedEnv = (baseURL: string) => ({
  OPENAI_BASE_URL: baseURL,
  OPENAI_MODEL: MODEL,
  LLM_SERVER_KIND: "hosted",
});

async function cliRun(baseURL: string, meeting: Transcript) {
  const h = await createPipelineHarness(hostedEnv(baseURL));
  try {
    return await measured(async () => (await h.run(meeting)).doc);
  } finally {
    await h.close();
  }
}

/** A job through a running HTTP host, polled slowly until it has ended. */
async function viaHost(url: string, transcriptText: string): Promise<JobDocument> {
  const res = await fetch(`${url}/api/analyze`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ transcriptText }),
  });
  if (res.status !== 202) throw new Error(`analyze answered ${res.status}: ${await res.text()}`);
  const { jobId } = (await res.json()) as { jobId: string };
  const until = Date.now() + 120_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const doc = (await (await fetch(`${url}/api/status/${jobId}`)).json()) as JobDocument;
    if (["completed", "error", "cancelled"].includes(doc.status)) return doc;
    if (Date.now() > until) throw new Error(`job ${jobId} did not end in 2 minutes`);
  }
}

const hostEnv = (baseURL: string, dir: string) => ({
  ...hostedEnv(baseURL),
  OUTPUT_DIR: dir,
  DATA_DIR: dir,
  SESSION_SECRET: "bench-session-secret-0123456789",
  RATE_LIMIT_PER_HOUR: "0",
  LOG_LEVEL: "info",
});

async function embeddedRun(baseURL: string, text: string, dir: string) {
  const host = await startHost("http", hostEnv(baseURL, dir), 60_000);
  try {
    return await measured(() => viaHost(host.url, text));
  } finally {
    await host.stop();
  }
}

async function queueRun(baseURL: string, text: string, dir: string) {
  const redis = await startRedisServer({ appendonly: false });
  // Redis mode keeps its jobs in PostgreSQL, shared by the host and its worker.
  const postgres = await startPostgresServer();
  const env = {
    ...hostEnv(baseURL, dir),
    REDIS_URL: redis.url,
    DATABASE_URL: await postgres.createDatabase(),
  };
  const host = await startHost("http", env, 60_000);
  const worker = await startHost("worker", env, 60_000);
  try {
    return await measured(() => viaHost(host.url, text));
  } finally {
    await worker.stop();
    await host.stop();
    await redis.stop();
    await postgres.stop();
  }
}

/**
 * An older schedule run with the same steps on the same double: `finalSerial` runs the Final
 * calls one after another (the earlier tool); `limit` caps calls at once; insights run after Final.
 */
async function olderSchedule(
  baseURL: string,
  meeting: Transcript,
  options: { finalSerial: boolean; limit: number },
): Promise<JobDocument> {
  const h = await createPipelineHarness(hostedEnv(baseURL));
  try {
    const plan = buildPlan(
      { transcriptText: "", options: { insightsReview: false } },
      await h.registry.list(),
      { models: h.config.llm.models, llmEnabled: true },
    );
    const jobId = newJobId();
    const deps: PipelineDeps = h.deps;
    await createJob({ jobId, transcript: meeting, plan }, deps);
    let next = (await prepareStep({ jobId }, deps)).next;
    let stage: "A" | "B" | "final" = "A";
    while (next && "children" in next) {
      const analyzers = next.children.filter(
        (t): t is Extract<QueueTask, { name: "run-analyzer" }> => t.name === "run-analyzer",
      );
      const width = stage === "final" && options.finalSerial ? 1 : options.limit;
      await inBatches(analyzers, width, (t) => runAnalyzerStep(t, deps));
      if (next.parent.name !== "close-stage") break;
      next = (await closeStageStep(next.parent, deps)).next;
      stage = stage === "A" ? "B" : "final";
    }
    await insightsStep({ jobId }, deps);
    return await finalizeStep({ jobId }, deps);
  } finally {
    await h.close();
  }
}

/** At most `width` at once, the next one starting as soon as one ends. */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

/** What the job's tokens cost at each model's list price, and how much of the input the cache serves. */
function costs(doc: JobDocument) {
  const u = doc.totals!.usage;
  const visible = { ...u, reasoningTokens: 0 };
  const withReasoning = { ...u, outputTokens: u.outputTokens * 2, reasoningTokens: u.outputTokens };
  const at = (model: string) => ({
    usd: round6(costUsd(visible, DEFAULT_PRICING[model]!)!),
    usdWithReasoningEqualToOutput: round6(costUsd(withReasoning, DEFAULT_PRICING[model]!)!),
  });
  return {
    tokens: { input: u.inputTokens, cachedInput: u.cachedInputTokens, output: u.outputTokens },
    prefixCacheShareOfInput: round3(u.cachedInputTokens / u.inputTokens),
    perJobUsd: { "gpt-5": at("gpt-5"), "gpt-5-mini": at("gpt-5-mini"), "gpt-5-nano": at("gpt-5-nano") },
    note:
      `input and cached input as sent (real prompts, o200k tokenizer, the double's prefix-cache simulation: ` +
      `1,024-token minimum, 128-token steps); output: the double's answers of about ${ANSWER_TOKENS} tokens ` +
      "per analysis and its insights JSON; reasoning tokens are billed as output and depend on the effort, so " +
      "the second figure assumes as many reasoning tokens as visible ones",
  };
}
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export async function runPipelineBench() {
  const double = await startDoubleProcess(DELAY_MS, ["--answer-tokens", String(ANSWER_TOKENS)]);
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-pipeline-"));
  try {
    const meeting = await fixtureTranscript(MEETING);
    const text = await readFile(path.join(FIXTURES, MEETING), "utf8");
    const cli = await cliRun(double.baseURL, meeting);
    const embedded = await embeddedRun(double.baseURL, text, dir);
    const queue = await queueRun(double.baseURL, text, dir);
    const earlier = await olderSchedule(double.baseURL, meeting, { finalSerial: true, limit: Infinity });
    const before = await olderSchedule(double.baseURL, meeting, { finalSerial: false, limit: 8 });
    return {
      transcript: `${MEETING} (one-hour ICSI meeting, ${meeting.segments.length} segments), every built-in analyzer, model ${MODEL}`,
      analyzers: { A: cli[0]!.plan.A.length, B: cli[0]!.plan.B.length, final: cli[0]!.plan.final.length },
      llmDelayMs: DELAY_MS,
      chainMs: CHAIN * DELAY_MS,
      targets: { cliAndEmbedded: "ratio ≤ 1.05", queue: "ratio ≤ 1.2" },
      runs: [
        row("cli", cli),
        row("embedded", embedded),
        row("queue (Redis, 1 BullMQ worker)", queue),
        row(
          "earlier tool's schedule",
          [earlier],
          "A, B, then the 5 Final calls one after another, then insights: 8 calls deep",
        ),
        row(
          "before pacing by rate",
          [before],
          "at most 8 calls at once (LLM_CONCURRENCY's old default), insights after Final",
        ),
      ],
      cost: costs(cli[0]!),
    };
  } finally {
    await double.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
