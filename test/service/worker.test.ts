import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { JobStatus } from "../../core/jobs/job";
import { newJobId } from "../../core/jobs/job-id";
import { createJob, firstTask } from "../../core/pipeline/create-job";
import type { PipelineDeps } from "../../core/pipeline/deps";
import { buildPlan } from "../../core/pipeline/plan";
import { createMemoryPromptStore } from "../../core/prompts/memory-store";
import { createPromptRegistry } from "../../core/prompts/registry";
import { parseTranscript } from "../../core/transcript";
import { createFsArtifactStore } from "../../infra/adapters/fs-artifacts";
import { createFsPromptSource } from "../../infra/adapters/fs-prompts";
import { loadConfig } from "../../infra/config";
import { pipelineSettings } from "../../infra/llm-factory";
import { createStateAdapters, type StateAdapters } from "../../infra/runtime/state";
import { SILENT_LOG } from "../helpers/function-deps";
import { type HostProcess, startHost } from "../helpers/host-process";
import { ROOT } from "../helpers/pipeline-harness";
import { testPostgresDatabase } from "../helpers/postgres-url";
import { type RedisServer, startRedisServer } from "../helpers/redis-server";
import { defaultResponder, failTimes, type LlmDouble, type Responder, startLlmDouble } from "../llm-double";

/**
 * The worker host as it runs in production: the built bundle in its own process, on a real Redis
 * and PostgreSQL, calling the LLM test double. Jobs are created through core against the same
 * database and Redis, as the analyze function does.
 */

const TEXT = [
  "Title: Pricing review",
  "",
  "Ann: We should raise the starter plan price by ten percent next quarter.",
  "Bo: I worry that churn goes up if we do that without a better onboarding.",
  "Ann: Fair. Bo, can you pull the churn numbers by Friday?",
  "Bo: Yes, I will send them by Friday.",
  "Cy: We decided last month to keep the free tier, so the gap grows.",
  "Ann: Then let's decide on the new price at the next meeting.",
].join("\n");
const SELECTED = {
  stageA: ["say-means", "power-dynamics", "soul"],
  stageB: ["first-principles"],
  final: ["meeting-notes"],
};
const ANALYZERS = ["say-means", "power-dynamics", "soul", "first-principles", "meeting-notes", "insights"];

let redisServer: RedisServer;
let double: LlmDouble;
let outputDir: string;
let adapters: StateAdapters;
let databaseUrl: string;
let raw: Redis;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redisServer = await startRedisServer();
  double = await startLlmDouble();
  outputDir = await mkdtemp(path.join(os.tmpdir(), "worker-host-"));
  databaseUrl = await testPostgresDatabase();
  adapters = await createStateAdapters(config(), SILENT_LOG, { redisRole: "http" });
  raw = new Redis(redisServer.url);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.host.kill()));
  await raw.flushall();
  double.reset();
});
afterAll(async () => {
  raw.disconnect();
  await adapters.close();
  await double.close();
  await redisServer.stop();
  await rm(outputDir, { recursive: true, force: true });
});

function env(): Record<string, string> {
  return {
    REDIS_URL: redisServer.url,
    DATABASE_URL: databaseUrl,
    OPENAI_BASE_URL: double.baseURL,
    // The double listens on loopback, which would make it a local server (one call at a time); it
    // stands for a hosted service here.
    LLM_SERVER_KIND: "hosted",
    OPENAI_API_KEY: "sk-test-worker-host",
    OUTPUT_DIR: outputDir,
    DATA_DIR: path.join(outputDir, "data"),
    SESSION_SECRET: "worker-test-session-secret-0123456789",
    WORKER_CONCURRENCY: "4",
    JOB_ATTEMPTS: "3",
    JOB_BACKOFF_MS: "100",
    // A killed worker's task is retaken after 2 s rather than 30.
    WORKER_LOCK_MS: "2000",
    LOG_LEVEL: "info",
  };
}
const config = () => loadConfig(env(), ROOT);

interface WorkerProcess {
  host: HostProcess;
  /** The worker's JSON log lines so far, parsed. */
  readonly logs: Array<Record<string, unknown>>;
}

/** Starts `dist/host/worker.mjs` and resolves once it says it takes tasks. */
async function startWorker(): Promise<WorkerProcess> {
  const host = await startHost("worker", env());
  const worker: WorkerProcess = {
    host,
    get logs() {
      return host.logs.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
  workers.push(worker);
  return worker;
}

async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: () => string | Promise<string>,
  timeoutMs = 40_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${await what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A job stored and queued through core, as POST /api/analyze does it. */
async function submitJob(): Promise<string> {
  const registry = createPromptRegistry({
    builtins: createFsPromptSource(path.join(ROOT, "prompts")),
    store: createMemoryPromptStore(),
  });
  const c = config();
  const deps: PipelineDeps = {
    store: adapters.store,
    events: adapters.events,
    artifacts: createFsArtifactStore(outputDir),
    llmFor: () => null,
    settings: pipelineSettings(c),
  };
  const plan = buildPlan({ transcriptText: TEXT, selected: SELECTED }, await registry.list(), {
    models: c.llm.models,
    llmEnabled: true,
  });
  const jobId = newJobId();
  await createJob({ jobId, transcript: await parseTranscript(TEXT), plan }, deps);
  await adapters.queue!.enqueue(firstTask(jobId));
  return jobId;
}

const FINISHED: ReadonlySet<JobStatus> = new Set(["completed", "error", "cancelled"]);
async function finished(jobId: string, worker?: WorkerProcess) {
  await waitFor(
    async () => FINISHED.has((await adapters.store.record(jobId))?.status ?? "queued"),
    () => `job ${jobId} to finish; worker said: ${JSON.stringify(worker?.logs.slice(-5))}`,
  );
  return (await adapters.store.get(jobId))!;
}

const callsTo = (analyzer: string) => double.requests.filter((r) => r.analyzer === analyzer).length;
const analyzerStatus = async (jobId: string, key: string) =>
  (await adapters.store.analyzers(jobId))[key]?.status;

/** The double's default answers, `delayMs` later for the analyzers `slow` names. */
const slowFor =
  (slow: (analyzer: string | undefined) => number): Responder =>
  (req, index) => {
    const reply = defaultResponder(req, index);
    return "text" in reply ? { ...reply, delayMs: slow(req.analyzer) } : reply;
  };

function expectEveryAnalyzerCompleted(doc: Awaited<ReturnType<typeof finished>>) {
  expect(doc.status).toBe("completed");
  const states = [
    ...Object.values(doc.stages.A.analyzers),
    ...Object.values(doc.stages.B.analyzers),
    ...Object.values(doc.stages.final.analyzers),
    doc.stages.insights,
    doc.stages.insightsReview!,
  ];
  expect(states.map((s) => `${s.id}:${s.status}`)).toEqual(
    [...ANALYZERS, "insights-review"].map((id) => `${id}:completed`),
  );
}

describe("the worker host", () => {
  it("runs a job from Redis to the end", { timeout: 60_000 }, async () => {
    const worker = await startWorker();
    // It runs behind the HTTP hosts for the CPU (WORKER_NICE, 5 by default).
    expect(os.getPriority(worker.host.child.pid)).toBe(Math.min(19, os.getPriority() + 5));
    const jobId = await submitJob();
    const doc = await finished(jobId, worker);
    expectEveryAnalyzerCompleted(doc);
    // The insights are called twice: the first pass and the review.
    for (const id of ANALYZERS) expect(callsTo(id), id).toBe(id === "insights" ? 2 : 1);
    expect(await readFile(path.join(outputDir, "jobs", jobId, "stage-a", "soul.md"), "utf8")).toContain(
      "soul",
    );
    // The log line follows the task's last write by a moment.
    const finalizeLogged = () =>
      worker.logs.some((l) => l.msg === "task done" && l.task === `${jobId}.finalize`);
    for (let i = 0; i < 100 && !finalizeLogged(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(finalizeLogged()).toBe(true);
  });

  it("finishes a job whose worker was killed mid-task, without calling a finished analyzer again", {
    timeout: 90_000,
  }, async () => {
    // soul's first call is never answered: the killed worker was waiting for it, whatever the load.
    let soulCalls = 0;
    double.setResponder((req, index) => {
      if (req.analyzer === "soul" && ++soulCalls === 1) return { hang: true };
      const reply = defaultResponder(req, index);
      return "text" in reply ? { ...reply, delayMs: 50 } : reply;
    });
    const first = await startWorker();
    const jobId = await submitJob();
    await waitFor(
      async () =>
        (await analyzerStatus(jobId, "A.say-means")) === "completed" &&
        (await analyzerStatus(jobId, "A.power-dynamics")) === "completed" &&
        (await analyzerStatus(jobId, "insights")) === "completed" &&
        callsTo("soul") === 1,
      async () =>
        `the other Stage A analyzers and the insights to finish while soul waits (soul called ${callsTo("soul")} times): ${JSON.stringify(
          Object.fromEntries(
            Object.entries(await adapters.store.analyzers(jobId)).map(([k, v]) => [k, v.status]),
          ),
        )}`,
      45_000,
    );
    await first.host.kill();

    const second = await startWorker();
    const doc = await finished(jobId, second);
    expectEveryAnalyzerCompleted(doc);
    for (const id of ANALYZERS.filter((a) => a !== "soul"))
      expect(callsTo(id), id).toBe(id === "insights" ? 2 : 1);
    // The call the killed worker was waiting for is the only one made again, once.
    expect(callsTo("soul")).toBe(2);
  });

  it("gets through a storm of 429s from the model service", { timeout: 60_000 }, async () => {
    double.setResponder(
      failTimes(6, {
        status: 429,
        error: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" },
        headers: { "retry-after": "1" },
      }),
    );
    const worker = await startWorker();
    const jobId = await submitJob();
    const doc = await finished(jobId, worker);
    expectEveryAnalyzerCompleted(doc);
    expect(doc.errors).toEqual([]);
    expect(double.requests.length).toBeGreaterThanOrEqual(6 + ANALYZERS.length);
    expect(worker.logs.some((l) => String(l.msg).includes("rate limit"))).toBe(true);
  });

  it("lets a running task finish on SIGTERM, then exits", { timeout: 60_000 }, async () => {
    double.setResponder(slowFor((a) => (a === "soul" ? 1_500 : 50)));
    const worker = await startWorker();
    const jobId = await submitJob();
    await waitFor(
      () => callsTo("soul") === 1,
      () => "soul to start",
    );
    expect(await worker.host.stop()).toBe(0);
    expect(await analyzerStatus(jobId, "A.soul")).toBe("completed");
    expect(await adapters.store.result(jobId, "A.soul")).toContain("soul");
    expect(callsTo("soul")).toBe(1);
    expect(worker.logs.map((l) => l.msg)).toContain("stopped");
  });
});
