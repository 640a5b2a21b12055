import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isTerminalEvent } from "../../core/jobs/events";
import { isFinished, type JobDocument } from "../../core/jobs/job";
import { newJobId } from "../../core/jobs/job-id";
import { loadJobView } from "../../core/jobs/job-view";
import { createJob, firstTask } from "../../core/pipeline/create-job";
import { buildPlan } from "../../core/pipeline/plan";
import { type JobQueue, type QueueTask, taskId } from "../../core/ports";
import { createMemoryPromptStore } from "../../core/prompts/memory-store";
import { createPromptRegistry } from "../../core/prompts/registry";
import { parseTranscript } from "../../core/transcript";
import { createFsPromptSource } from "../../infra/adapters/fs-prompts";
import { loadConfig } from "../../infra/config";
import { createSqsHandler, sqsRuntimeOf } from "../../infra/faas/sqs-handler";
import { createRuntime, type Runtime, type StateAdapters } from "../../infra/runtime";
import { sharedTestDatabase } from "../helpers/databases";
import { QUEUE_FUNCTIONS, SILENT_LOG } from "../helpers/function-deps";
import { ROOT } from "../helpers/pipeline-harness";
import { testPostgresDatabase } from "../helpers/postgres-url";
import { type RedisServer, startRedisServer } from "../helpers/redis-server";
import { useLlmDouble } from "../llm-double/use-llm-double";

/**
 * A barrier or finalize that fails for good must end its job in `error` with the reason, keep
 * what had finished, and say so with `job.error`; the insights task, which runs beside Stage A
 * like an analyzer, fails alone and the job completes: in embedded mode (the in-process queue),
 * in Redis mode (BullMQ workers) and on SQS (the last allowed delivery).
 */

type Step = "close-stage" | "insights" | "finalize";
const STEPS: Step[] = ["close-stage", "finalize"];

const TEXT = [
  "Title: Launch review",
  "Ann: We decided to ship the beta on Monday.",
  "Bo: I'll write the release notes by Friday.",
  "Cy: The risk is that the vendor misses the deadline.",
].join("\n");
const SELECTED = { stageA: ["say-means"], stageB: ["first-principles"], final: ["meeting-notes"] };

/** The store of a runtime, failing at the one write that step cannot do without. */
const failing =
  (step: Step) =>
  (state: StateAdapters): StateAdapters => ({
    ...state,
    // Finalize fails at its files first now: the status is written after them.
    artifacts:
      step === "finalize"
        ? {
            ...state.artifacts,
            write: (jobId, file, content) =>
              file === "COMPLETED"
                ? Promise.reject(new Error("injected fault: cannot write COMPLETED"))
                : state.artifacts.write(jobId, file, content),
          }
        : state.artifacts,
    store: {
      ...state.store,
      putResultOnce: (jobId, key, value) =>
        (step === "close-stage" && key === "input.B") || (step === "insights" && key === "insights")
          ? Promise.reject(new Error(`injected fault: cannot store ${key}`))
          : state.store.putResultOnce(jobId, key, value),
      patch: (jobId, fields, options) =>
        step === "finalize" && fields.stage === "finalize"
          ? Promise.reject(new Error("injected fault: cannot write the final status"))
          : state.store.patch(jobId, fields, options),
    },
  });

const double = useLlmDouble();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function env(extra: Record<string, string> = {}) {
  const outputDir = await mkdtemp(path.join(os.tmpdir(), "failed-for-good-"));
  cleanups.push(() => rm(outputDir, { recursive: true, force: true }));
  return {
    OUTPUT_DIR: outputDir,
    DATA_DIR: path.join(outputDir, "data"),
    OPENAI_BASE_URL: double().baseURL,
    // The double listens on loopback, which would make it a local server (one call at a time); it
    // stands for a hosted service here.
    LLM_SERVER_KIND: "hosted",
    OPENAI_MAX_ATTEMPTS: "1",
    JOB_ATTEMPTS: "2",
    JOB_BACKOFF_MS: "20",
    SESSION_SECRET: "test-session-secret-0123456789",
    CPU_THREADS: "0",
    ...extra,
  };
}

/** Stores a job the way POST /api/analyze does, and returns its id; `start` queues its first task. */
async function submit(runtime: Runtime): Promise<string> {
  const registry = createPromptRegistry({
    builtins: createFsPromptSource(path.join(ROOT, "prompts")),
    store: createMemoryPromptStore(),
  });
  const plan = buildPlan({ transcriptText: "", selected: SELECTED }, await registry.list(), {
    models: runtime.config.llm.models,
    llmEnabled: true,
  });
  const jobId = newJobId();
  await createJob({ jobId, transcript: await parseTranscript(TEXT), plan }, runtime.pipeline);
  return jobId;
}

/** The job once it has ended and said so (the status is written before the event goes out). */
async function ended(runtime: Runtime, jobId: string, timeoutMs = 15_000): Promise<JobDocument> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const doc = await runtime.state.store.get(jobId);
    const last = (await runtime.state.events.history(jobId)).at(-1);
    if (doc && isFinished(doc.status) && last && isTerminalEvent(last.type)) return doc;
    if (Date.now() > until) throw new Error(`job ${jobId} did not end: ${JSON.stringify(doc?.status)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** What a user must see after such a failure, read the way the results and exports read it. */
async function expectEndedInError(reader: Runtime, jobId: string, step: Step) {
  const doc = await ended(reader, jobId);
  expect(doc.status).toBe("error");
  expect(doc.error?.message).toContain(`The ${step} step failed`);
  expect(doc.errors.map((e) => e.message)).toContain(doc.error?.message);
  const view = await loadJobView(jobId, reader.state.store);
  expect(view.computed.speakerStats.map((s) => s.speaker).sort()).toEqual(["Ann", "Bo", "Cy"]);
  const finished = view.outputs.map((o) => `${o.stage}.${o.id}`);
  expect(finished).toContain("A.say-means");
  if (step !== "close-stage")
    expect(finished).toEqual(["A.say-means", "B.first-principles", "final.meeting-notes"]);
  const types = (await reader.state.events.history(jobId)).map((e) => e.type);
  expect(types.at(-1)).toBe("job.error");
  expect(types).not.toContain("job.completed");
}

/** An insights task that failed for good: it alone is marked failed; the job completes with the keyword-rule items. */
async function expectInsightsFailedAlone(reader: Runtime, jobId: string) {
  const doc = await ended(reader, jobId);
  expect(doc.status).toBe("completed");
  expect(doc.stages.insights).toMatchObject({ status: "error", error: { code: "internal" } });
  expect(doc.errors.map((e) => e.analyzer)).toContain("insights");
  const view = await loadJobView(jobId, reader.state.store);
  expect(view.outputs.map((o) => `${o.stage}.${o.id}`)).toEqual([
    "A.say-means",
    "B.first-principles",
    "final.meeting-notes",
  ]);
  expect(view.insights.provisional).toBe(true);
  expect(view.insights.report.counts.total).toBeGreaterThan(0);
  const types = (await reader.state.events.history(jobId)).map((e) => e.type);
  expect(types).toContain("analyzer.error");
  expect(types.at(-1)).toBe("job.completed");
}

describe("an insights task that fails for good", () => {
  it("in embedded mode is marked failed and its job completes with the keyword-rule items", async () => {
    const runtime = await createRuntime(loadConfig(await env(), ROOT), "http", {
      functions: QUEUE_FUNCTIONS,
      log: SILENT_LOG,
      embedded: true,
      sql: await sharedTestDatabase(),
      wrap: failing("insights"),
    });
    cleanups.push(() => runtime.close());
    const jobId = await submit(runtime);
    await runtime.queue.enqueue(firstTask(jobId));
    await runtime.idle();
    await expectInsightsFailedAlone(runtime, jobId);
  });
});

describe.each(STEPS)("a %s task that fails for good", (step) => {
  it("in embedded mode ends its job in error with the reason, its finished outputs intact", async () => {
    const runtime = await createRuntime(loadConfig(await env(), ROOT), "http", {
      functions: QUEUE_FUNCTIONS,
      log: SILENT_LOG,
      embedded: true,
      sql: await sharedTestDatabase(),
      wrap: failing(step),
    });
    cleanups.push(() => runtime.close());
    const jobId = await submit(runtime);
    await runtime.queue.enqueue(firstTask(jobId));
    await runtime.idle();
    await expectEndedInError(runtime, jobId, step);
  });

  it("on SQS ends its job on the last delivery the budget allows", async () => {
    const sqs = createSqsSimulator();
    const runtime = await createRuntime(loadConfig(await env(), ROOT), "faas-queue", {
      functions: QUEUE_FUNCTIONS,
      log: SILENT_LOG,
      sql: await sharedTestDatabase(),
      wrap: (state) => ({ ...failing(step)(state), queue: sqs.queue }),
    });
    cleanups.push(() => runtime.close());
    const jobId = await submit(runtime);
    await runtime.queue.enqueue(firstTask(jobId));
    const deliveries = await sqs.drain(createSqsHandler(async () => sqsRuntimeOf(runtime)));
    // Every attempt JOB_ATTEMPTS allows, then no more: the job was ended instead of redriven.
    // The insights' first pass fails once and is delivered again; its review pass (which writes the
    // file too, later and without a fault) is a task of its own.
    const ofStep = deliveries.filter(
      (d) => d.task.name === step && !(d.task.name === "insights" && d.task.pass === "review"),
    );
    expect(ofStep.map((d) => d.receiveCount)).toEqual([1, 2]);
    await expectEndedInError(runtime, jobId, step);
  });
});

/** Artifacts whose first write of `file` fails (a full disk for a moment), later ones succeed. */
const failingOnce =
  (file: string) =>
  (state: StateAdapters): StateAdapters => {
    let failed = false;
    return {
      ...state,
      artifacts: {
        ...state.artifacts,
        write: (jobId, path, content) => {
          if (path !== file || failed) return state.artifacts.write(jobId, path, content);
          failed = true;
          return Promise.reject(new Error(`injected fault: cannot write ${path} this once`));
        },
      },
    };
  };

/** What a retry must leave behind: a completed job whose files are all there, insights included. */
async function expectCompletedWithFiles(reader: Runtime, jobId: string) {
  const doc = await ended(reader, jobId);
  expect(doc.status).toBe("completed");
  const files = await reader.state.artifacts.list(jobId);
  expect(files).toEqual(
    expect.arrayContaining([
      "final/insights.json",
      "final/insights.csv",
      "final/insights.md",
      "job.json",
      "COMPLETED",
    ]),
  );
  const job = JSON.parse(new TextDecoder().decode((await reader.state.artifacts.read(jobId, "job.json"))!));
  expect(job.status).toBe("completed");
  const types = (await reader.state.events.history(jobId)).map((e) => e.type);
  expect(types.filter((t) => t === "job.completed")).toHaveLength(1);
}

describe.each(["final/insights.json", "COMPLETED"])("a step whose write of %s fails once", (file) => {
  it("on its retry finishes every side effect, so the completed job has all its files (SQS)", async () => {
    const sqs = createSqsSimulator();
    const runtime = await createRuntime(loadConfig(await env(), ROOT), "faas-queue", {
      functions: QUEUE_FUNCTIONS,
      log: SILENT_LOG,
      wrap: (state) => ({ ...failingOnce(file)(state), queue: sqs.queue }),
    });
    cleanups.push(() => runtime.close());
    const jobId = await submit(runtime);
    await runtime.queue.enqueue(firstTask(jobId));
    const deliveries = await sqs.drain(createSqsHandler(async () => sqsRuntimeOf(runtime)));
    const step = file === "COMPLETED" ? "finalize" : "insights";
    // The insights' first pass fails once and is delivered again; its review pass (which writes the
    // file too, later and without a fault) is a task of its own.
    const ofStep = deliveries.filter(
      (d) => d.task.name === step && !(d.task.name === "insights" && d.task.pass === "review"),
    );
    expect(ofStep.map((d) => d.receiveCount)).toEqual([1, 2]);
    await expectCompletedWithFiles(runtime, jobId);
  });
});

describe("finalize in embedded mode (one attempt)", () => {
  it("never says completed when its files could not be written: the job ends in error and says so", async () => {
    const runtime = await createRuntime(loadConfig(await env(), ROOT), "http", {
      functions: QUEUE_FUNCTIONS,
      log: SILENT_LOG,
      embedded: true,
      wrap: failingOnce("COMPLETED"),
    });
    cleanups.push(() => runtime.close());
    const jobId = await submit(runtime);
    await runtime.queue.enqueue(firstTask(jobId));
    await runtime.idle();
    const doc = await ended(runtime, jobId);
    expect(doc.status).toBe("error");
    expect(doc.error?.message).toMatch(/^The finalize step failed/);
    expect(await runtime.state.artifacts.list(jobId)).not.toContain("COMPLETED");
    const types = (await runtime.state.events.history(jobId)).map((e) => e.type);
    expect(types.at(-1)).toBe("job.error");
    expect(types).not.toContain("job.completed");
  });
});

describe("in Redis mode", () => {
  let redis: RedisServer;
  let databaseUrl: string;
  beforeAll(async () => {
    redis = await startRedisServer({ appendonly: false });
    databaseUrl = await testPostgresDatabase();
  });
  afterAll(() => redis?.stop());

  it("retries insights after a failed write and the completed job has its insights files", async () => {
    const config = loadConfig(
      await env({ REDIS_URL: redis.url, DATABASE_URL: databaseUrl, WORKER_LOCK_MS: "5000" }),
      ROOT,
    );
    const api = await createRuntime(config, "http", { log: SILENT_LOG });
    cleanups.push(() => api.close());
    const worker = await createRuntime(config, "worker", {
      functions: QUEUE_FUNCTIONS,
      log: SILENT_LOG,
      wrap: failingOnce("final/insights.md"),
    });
    cleanups.push(() => worker.close(5_000));
    await worker.startWorkers();
    const jobId = await submit(api);
    await api.queue.enqueue(firstTask(jobId));
    await expectCompletedWithFiles(api, jobId);
  });

  it.each(STEPS)("a %s task that fails for good ends its job in error once BullMQ gives up", async (step) => {
    const base = await env({ REDIS_URL: redis.url, DATABASE_URL: databaseUrl, WORKER_LOCK_MS: "5000" });
    const config = loadConfig(base, ROOT);
    const api = await createRuntime(config, "http", { log: SILENT_LOG });
    cleanups.push(() => api.close());
    const worker = await createRuntime(config, "worker", {
      functions: QUEUE_FUNCTIONS,
      log: SILENT_LOG,
      wrap: failing(step),
    });
    cleanups.push(() => worker.close(5_000));
    await worker.startWorkers();
    const jobId = await submit(api);
    await api.queue.enqueue(firstTask(jobId));
    await expectEndedInError(api, jobId, step);
  });

  it("an insights task that fails for good is marked failed once BullMQ gives up, and its job completes", async () => {
    const config = loadConfig(
      await env({ REDIS_URL: redis.url, DATABASE_URL: databaseUrl, WORKER_LOCK_MS: "5000" }),
      ROOT,
    );
    const api = await createRuntime(config, "http", { log: SILENT_LOG });
    cleanups.push(() => api.close());
    const worker = await createRuntime(config, "worker", {
      functions: QUEUE_FUNCTIONS,
      log: SILENT_LOG,
      wrap: failing("insights"),
    });
    cleanups.push(() => worker.close(5_000));
    await worker.startWorkers();
    const jobId = await submit(api);
    await api.queue.enqueue(firstTask(jobId));
    await expectInsightsFailedAlone(api, jobId);
  });
});

/**
 * A stand-in for a platform queue in front of the SQS handler: delivers each task as a record,
 * again (with a higher receive count) while the handler reports it failed, and a flow's parent
 * once all its children were acknowledged, as the BullMQ flows do.
 */
function createSqsSimulator() {
  type Item = { task: QueueTask; receiveCount: number; flow?: { parent: QueueTask; left: Set<string> } };
  const pending: Item[] = [];
  const queue: JobQueue = {
    async enqueue(task) {
      pending.push({ task, receiveCount: 0 });
    },
    async enqueueFlow(parent, children) {
      const flow = { parent, left: new Set(children.map(taskId)) };
      for (const task of children) pending.push({ task, receiveCount: 0, flow });
    },
    async cancel() {},
  };
  return {
    queue,
    async drain(handler: ReturnType<typeof createSqsHandler>) {
      const deliveries: Array<{ task: QueueTask; receiveCount: number }> = [];
      for (let guard = 0; pending.length > 0 && guard < 200; guard++) {
        const item = pending.shift()!;
        item.receiveCount++;
        deliveries.push({ task: item.task, receiveCount: item.receiveCount });
        const { batchItemFailures } = await handler({
          Records: [
            {
              messageId: `${taskId(item.task)}#${item.receiveCount}`,
              receiptHandle: "h",
              body: JSON.stringify(item.task),
              attributes: { ApproximateReceiveCount: String(item.receiveCount) },
              eventSource: "aws:sqs",
            },
          ],
        });
        if (batchItemFailures.length > 0) pending.push(item);
        else if (item.flow) {
          item.flow.left.delete(taskId(item.task));
          if (item.flow.left.size === 0) pending.push({ task: item.flow.parent, receiveCount: 0 });
        }
      }
      return deliveries;
    },
  };
}
