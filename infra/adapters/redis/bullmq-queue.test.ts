import { Queue } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { AppError, LlmError } from "../../../core/errors";
import { RetryLater } from "../../../core/pipeline/analyzer-step";
import { type QueueTask, taskId } from "../../../core/ports";
import { SILENT_LOG } from "../../../test/helpers/function-deps";
import { useRedisAdapters } from "./adapters.test-helper";
import { createBullmqQueue } from "./bullmq-queue";
import { type BullmqWorkers, createBullmqWorkers } from "./bullmq-worker";
import { createRedisClient } from "./connection";
import { redisKeys } from "./keys";

const redis = useRedisAdapters();
const JOB = "20251001-120000-44ee33fd96c6730272fe2584";
const OTHER = "20251001-120000-180bfe8ea9290cca04291dc7";

const analyzer = (jobId: string, id: string): QueueTask => ({
  name: "run-analyzer",
  jobId,
  stage: "A",
  analyzerId: id,
});
const barrier = (jobId: string): QueueTask => ({ name: "close-stage", jobId, stage: "A" });

interface Run {
  task: string;
  attempt: number;
  max: number;
  startedAt: number;
  endedAt?: number;
}

const running: BullmqWorkers[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.close(5_000)));
});

/** Workers on `prefix` that record every run; `fail` decides what a run throws. */
function startWorkers(
  prefix: string,
  fail: (task: QueueTask, run: Run) => unknown = () => undefined,
  { llmRatePerMinute = 0, runs = [] as Run[] } = {},
) {
  running.push(
    createBullmqWorkers({
      connection: createRedisClient(redis.server().url, "worker", "test-worker", SILENT_LOG),
      prefix: redisKeys(prefix).queuePrefix(),
      concurrency: { llm: 4, control: 1 },
      llmRatePerMinute,
      log: SILENT_LOG,
      handle: async (task, attempt) => {
        const run: Run = {
          task: taskId(task),
          attempt: attempt.number,
          max: attempt.max,
          startedAt: Date.now(),
        };
        runs.push(run);
        await new Promise((r) => setTimeout(r, 5));
        run.endedAt = Date.now();
        const error = fail(task, run);
        if (error) throw error;
      },
    }),
  );
  return runs;
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

const ranOf = (runs: Run[], task: string) => runs.filter((r) => r.task === task);

describe("BullMQ queue and workers", () => {
  it("queues tasks once Redis answers again, when Redis was too slow to answer as the queue was made", async () => {
    const prefix = redis.newPrefix();
    const client = createRedisClient(redis.server().url, "http", "test-http", SILENT_LOG);
    await until(async () => client.status === "ready");
    const raw = redis.raw();
    // Every command waits 1.5 s, past the http role's 1 s command timeout, while the queue is made.
    await raw.call("CLIENT", "PAUSE", "1500", "ALL");
    const queue = createBullmqQueue({
      connection: client,
      prefix: redisKeys(prefix).queuePrefix(),
      attempts: 1,
      backoffMs: 0,
      log: SILENT_LOG,
    });
    try {
      await new Promise((r) => setTimeout(r, 1_800));
      await queue.enqueue(barrier(JOB));
      expect(await queue.counts()).toEqual({ waiting: 1, active: 0 });
    } finally {
      await queue.close();
      client.disconnect();
      raw.disconnect();
    }
  });

  it("runs a stage's barrier once, after all its analyzers, also when one fails for good", async () => {
    const prefix = redis.newPrefix();
    const { queue, queueCounts } = await redis.adapters(prefix, "http", {
      JOB_ATTEMPTS: "2",
      JOB_BACKOFF_MS: "10",
    });
    const runs = startWorkers(prefix, (task) =>
      task.name === "run-analyzer" && task.analyzerId === "bad" ? new Error("boom") : undefined,
    );
    await queue.enqueueFlow(
      barrier(JOB),
      ["one", "bad", "two"].map((id) => analyzer(JOB, id)),
    );
    await until(() => ranOf(runs, `${JOB}.A`).length > 0);

    expect(ranOf(runs, `${JOB}.A.bad`).map((r) => r.attempt)).toEqual([1, 2]);
    const parent = ranOf(runs, `${JOB}.A`)[0]!;
    for (const child of runs.filter((r) => r.task.startsWith(`${JOB}.A.`))) {
      expect(child.endedAt!).toBeLessThanOrEqual(parent.startedAt);
    }
    await until(async () => (await queueCounts()).active === 0);
    expect(ranOf(runs, `${JOB}.A`)).toHaveLength(1);
  });

  it("ignores a task or a flow it already has", async () => {
    const prefix = redis.newPrefix();
    const { queue, queueCounts } = await redis.adapters(prefix, "http");
    const children = ["one", "two"].map((id) => analyzer(JOB, id));
    await queue.enqueueFlow(barrier(JOB), children);
    await queue.enqueueFlow(barrier(JOB), children);
    await queue.enqueue({ name: "finalize", jobId: JOB });
    await queue.enqueue({ name: "finalize", jobId: JOB });
    expect(await queueCounts()).toEqual({ waiting: 3, active: 0 });

    const runs = startWorkers(prefix);
    await until(() => ranOf(runs, `${JOB}.A`).length === 1 && ranOf(runs, `${JOB}.finalize`).length === 1);
    await until(async () => (await queueCounts()).active === 0);
    expect(runs.map((r) => r.task).sort()).toEqual(
      [`${JOB}.A`, `${JOB}.A.one`, `${JOB}.A.two`, `${JOB}.finalize`].sort(),
    );
  });

  it("cancels a job's tasks that have not started and leaves other jobs' tasks alone", async () => {
    const prefix = redis.newPrefix();
    const { queue, queueCounts } = await redis.adapters(prefix, "http");
    await queue.enqueueFlow(
      barrier(JOB),
      ["one", "two", "three"].map((id) => analyzer(JOB, id)),
    );
    await queue.enqueue({ name: "insights", jobId: JOB });
    await queue.enqueueFlow(barrier(OTHER), [analyzer(OTHER, "one")]);
    await queue.cancel(JOB);
    expect(await queueCounts()).toEqual({ waiting: 1, active: 0 });

    const runs = startWorkers(prefix);
    await until(() => ranOf(runs, `${OTHER}.A`).length === 1);
    expect(runs.map((r) => r.task)).toEqual([`${OTHER}.A.one`, `${OTHER}.A`]);
  });

  it("retries a failing task up to its attempts, with exponential backoff", async () => {
    const prefix = redis.newPrefix();
    const { queue } = await redis.adapters(prefix, "http", { JOB_ATTEMPTS: "3", JOB_BACKOFF_MS: "100" });
    const runs = startWorkers(prefix, () => new RetryLater(new Error("flaky")));
    await queue.enqueue(analyzer(JOB, "flaky"));
    await until(() => runs.length === 3);
    expect(runs.map((r) => [r.attempt, r.max])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    // Waits of at least 100 ms, then 200 ms, between attempts.
    expect(runs[1]!.startedAt - runs[0]!.endedAt!).toBeGreaterThanOrEqual(95);
    expect(runs[2]!.startedAt - runs[1]!.endedAt!).toBeGreaterThanOrEqual(195);
  });

  it("waits out a model rate limit without using up attempts", async () => {
    const prefix = redis.newPrefix();
    const { queue } = await redis.adapters(prefix, "http", { JOB_ATTEMPTS: "2", JOB_BACKOFF_MS: "10" });
    const limited = new LlmError("llm_rate_limited", "429 from the service", {
      retryable: true,
      retryAfterMs: 50,
    });
    const runs = startWorkers(prefix, () => (runs.length <= 4 ? new RetryLater(limited) : undefined));
    await queue.enqueue(analyzer(JOB, "busy"));
    await until(() => runs.length === 5 && runs[4]!.endedAt !== undefined);
    expect(runs.map((r) => r.attempt)).toEqual([1, 1, 1, 1, 1]);
  });

  it("fails a task for a job that is gone, or a task it cannot read, without retrying", async () => {
    const prefix = redis.newPrefix();
    const { queue } = await redis.adapters(prefix, "http", { JOB_ATTEMPTS: "3", JOB_BACKOFF_MS: "10" });
    const runs = startWorkers(prefix, () => new AppError("job_not_found", "No job; it may have expired."));
    await queue.enqueue({ name: "finalize", jobId: JOB });
    const raw = new Queue("control", { connection: redis.raw(), prefix: redisKeys(prefix).queuePrefix() });
    await raw.add("finalize", { name: "finalize" }, { jobId: "not-a-task", attempts: 3 });
    await until(async () => (await raw.getJobCounts("failed")).failed === 2);
    await raw.close();
    expect(runs.map((r) => r.task)).toEqual([`${JOB}.finalize`]);
  });

  it("keeps to the LLM calls per minute across every worker process", async () => {
    const prefix = redis.newPrefix();
    const { queue } = await redis.adapters(prefix, "http");
    // Two worker processes' worth of workers, each allowed 2 llm tasks a minute: 2 in all.
    const runs = startWorkers(prefix, undefined, { llmRatePerMinute: 2 });
    startWorkers(prefix, undefined, { llmRatePerMinute: 2, runs });
    for (const id of ["a", "b", "c", "d", "e"]) await queue.enqueue(analyzer(JOB, id));
    await queue.enqueue({ name: "finalize", jobId: JOB });
    await until(() => runs.filter((r) => r.task.startsWith(`${JOB}.A.`)).length === 2);
    await until(() => ranOf(runs, `${JOB}.finalize`).length === 1);
    // The control queue is not limited; the other llm tasks wait for the next minute.
    await new Promise((r) => setTimeout(r, 500));
    expect(runs.filter((r) => r.task.startsWith(`${JOB}.A.`))).toHaveLength(2);
  });
});

describe("BullMQ fair order", () => {
  const jobs = Array.from({ length: 6 }, (_, i) => `20251001-120000-${String(i).padStart(24, "a")}`);
  const single = `20251001-120000-${"b".repeat(24)}`;

  /** Queues a burst's finalize tasks and then another owner's, before any worker runs; answers the run order. */
  async function runOrder(fair: boolean): Promise<string[]> {
    const prefix = redis.newPrefix();
    const owners = new Map<string, string>([
      ...jobs.map((j) => [j, "token:burst"] as const),
      [single, "token:single"],
    ]);
    const connection = createRedisClient(redis.server().url, "worker", "fair-test", SILENT_LOG);
    const queue = createBullmqQueue({
      connection,
      prefix: redisKeys(prefix).queuePrefix(),
      attempts: 1,
      backoffMs: 0,
      log: SILENT_LOG,
      ...(fair ? { ownerOf: async (jobId: string) => owners.get(jobId) } : {}),
    });
    for (const jobId of [...jobs, single]) await queue.enqueue({ name: "finalize", jobId });
    const runs = startWorkers(prefix);
    await until(() => runs.length === jobs.length + 1);
    await queue.close();
    connection.disconnect();
    return runs.map((r) => r.task.replace(/\.finalize$/, ""));
  }

  it("runs another owner's single job right after the burst's first, by priority", async () => {
    expect((await runOrder(true)).indexOf(single)).toBe(1);
  });

  it("is first come first served without an owner lookup", async () => {
    expect((await runOrder(false)).indexOf(single)).toBe(jobs.length);
  });
});
