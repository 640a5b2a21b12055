import { describe, expect, it } from "vitest";
import type { JobRecord } from "../../core/jobs/job";
import { type QueueTask, taskId } from "../../core/ports";
import { exampleEvent } from "../../test/helpers/events";
import { createMemoryEventBus } from "./memory-events";
import { createMemoryQueue } from "./memory-queue";
import { createMemoryShareStore } from "./memory-shares";
import { createMemoryJobStore } from "./memory-store";
import { checkShareStore } from "./share-store.test-helper";

const JOB = "20251001-123456-abcdef0123456789abcdef01";
const analyzer = (id: string): QueueTask => ({
  name: "run-analyzer",
  jobId: JOB,
  stage: "A",
  analyzerId: id,
});

describe("in-process queue", () => {
  it("runs a flow's parent once, after every child, including one that failed for good", async () => {
    const log: string[] = [];
    const queue = createMemoryQueue({
      concurrency: 2,
      attempts: 2,
      backoffMs: 1,
      handle: async (task) => {
        await new Promise((r) => setTimeout(r, 5));
        if (task.name === "run-analyzer" && task.analyzerId === "bad") throw new Error("boom");
        log.push(taskId(task));
      },
    });
    await queue.enqueueFlow({ name: "close-stage", jobId: JOB, stage: "A" }, [
      analyzer("one"),
      analyzer("bad"),
      analyzer("two"),
    ]);
    await queue.idle();
    expect(log.at(-1)).toBe(`${JOB}.A`);
    expect(log.filter((l) => l === `${JOB}.A`)).toHaveLength(1);
    expect(new Set(log.slice(0, -1))).toEqual(new Set([`${JOB}.A.one`, `${JOB}.A.two`]));
  });

  it("retries a failing task up to its attempts, then reports it", async () => {
    let calls = 0;
    const failed: string[] = [];
    const queue = createMemoryQueue({
      concurrency: 1,
      attempts: 3,
      backoffMs: 1,
      handle: async () => {
        calls++;
        throw new Error("nope");
      },
      onFailed: (task) => {
        failed.push(taskId(task));
      },
    });
    await queue.enqueue({ name: "finalize", jobId: JOB });
    await queue.idle();
    expect(calls).toBe(3);
    expect(failed).toEqual([`${JOB}.finalize`]);
  });

  it("never runs more tasks at once than its concurrency, and ignores a task id it already has", async () => {
    let now = 0;
    let peak = 0;
    let runs = 0;
    const queue = createMemoryQueue({
      concurrency: 3,
      attempts: 1,
      backoffMs: 0,
      handle: async () => {
        runs++;
        peak = Math.max(peak, ++now);
        await new Promise((r) => setTimeout(r, 5));
        now--;
      },
    });
    for (const id of ["a", "b", "c", "d", "e", "f", "a", "b"]) await queue.enqueue(analyzer(id));
    await queue.idle();
    expect(peak).toBe(3);
    expect(runs).toBe(6);
  });
});

/**
 * Jobs of two stages as the pipeline queues them: stage A's analyzers behind a barrier that, when
 * it runs, queues stage B's; a job is done when stage B's barrier ran. Answers the order jobs
 * finish in, and how many tasks had run when each did.
 */
async function finishOrder(
  jobs: Array<{ jobId: string; owner: string }>,
  fair: boolean,
): Promise<string[] & { after: Record<string, number> }> {
  const finished = Object.assign([] as string[], { after: {} as Record<string, number> });
  let ran = 0;
  const owners = new Map(jobs.map((j) => [j.jobId, j.owner]));
  const stage = (jobId: string, s: "A" | "B") =>
    [
      { name: "close-stage", jobId, stage: s },
      ["x", "y"].map((id): QueueTask => ({ name: "run-analyzer", jobId, stage: s, analyzerId: id })),
    ] as const;
  const queue = createMemoryQueue({
    concurrency: 1,
    attempts: 1,
    backoffMs: 0,
    ...(fair ? { ownerOf: async (jobId: string) => owners.get(jobId) } : {}),
    handle: async (task) => {
      await new Promise((r) => setImmediate(r));
      ran++;
      if (task.name !== "close-stage") return;
      if (task.stage === "A") await queue.enqueueFlow(...stage(task.jobId, "B"));
      else {
        finished.push(task.jobId);
        finished.after[task.jobId] = ran;
      }
    },
  });
  for (const j of jobs) await queue.enqueueFlow(...stage(j.jobId, "A"));
  await queue.idle();
  return finished;
}

describe("in-process queue, fair order", () => {
  const burst = Array.from({ length: 6 }, (_, i) => ({ jobId: `burst-${i}`, owner: "token:burst" }));
  const single = { jobId: "single", owner: "token:single" };

  it("runs another owner's single job beside a burst's first, not after all of it", async () => {
    const fair = await finishOrder([...burst, single], true);
    expect(fair.indexOf("single")).toBeLessThanOrEqual(1);
    // First come first served, the single job waited for the whole burst.
    const fifo = await finishOrder([...burst, single], false);
    expect(fifo.indexOf("single")).toBe(6);
  });

  it("finishes a burst's jobs in the order they came, each one's later stage before the next job's first", async () => {
    const fair = await finishOrder(burst, true);
    expect([...fair]).toEqual(burst.map((j) => j.jobId));
    // Six tasks make a job: the first is done after its own six.
    expect(fair.after["burst-0"]).toBe(6);
    // First come first served, every job's stage A runs before the first job's stage B.
    const fifo = await finishOrder(burst, false);
    expect(fifo.after["burst-0"]).toBeGreaterThanOrEqual(burst.length * 3 + 3);
  });
});

describe("in-memory event bus", () => {
  it("replays what a late subscriber missed, then delivers live events in order", async () => {
    const bus = createMemoryEventBus();
    const ts = new Date().toISOString();
    await bus.publish(exampleEvent("job.queued", JOB, ts));
    const first = await bus.publish(exampleEvent("analyzer.started", JOB, ts));
    await bus.publish(exampleEvent("analyzer.completed", JOB, ts));
    const seen: string[] = [];
    const stop = await bus.subscribe(JOB, first.id, (e) => seen.push(`${e.id}:${e.type}`));
    await bus.publish(exampleEvent("job.completed", JOB, ts));
    stop();
    await bus.publish(exampleEvent("job.error", JOB, ts));
    expect(seen).toEqual(["3:analyzer.completed", "4:job.completed"]);
    expect((await bus.history("other-job")).length).toBe(0);
  });
});

describe("in-memory job store", () => {
  const record: JobRecord = {
    jobId: JOB,
    status: "queued",
    createdAt: "2025-10-01T12:34:56.000Z",
    updatedAt: "2025-10-01T12:34:56.000Z",
    source: { format: "text", segments: 3, speakers: ["A"], words: 10 },
    llm: { enabled: true },
    plan: { A: ["say-means"], B: [], final: [], insights: true },
    notes: [],
    errors: [],
  };

  it("writes a result once and keeps the first value", async () => {
    const store = createMemoryJobStore();
    await store.create(record, "{}");
    expect(await store.putResultOnce(JOB, "A.say-means", "first")).toBe(true);
    expect(await store.putResultOnce(JOB, "A.say-means", "second")).toBe(false);
    expect(await store.result(JOB, "A.say-means")).toBe("first");
  });

  it("applies a status-guarded patch only while the job has that status", async () => {
    const store = createMemoryJobStore();
    await store.create(record, "{}");
    await store.patch(JOB, { status: "cancelled" });
    expect(await store.patch(JOB, { status: "running" }, { ifStatus: "queued" })).toBe(false);
    expect((await store.record(JOB))?.status).toBe("cancelled");
  });

  it("shows planned analyzers as pending until a worker reports, and forgets jobs after their TTL", async () => {
    let now = 0;
    const store = createMemoryJobStore({ ttlSeconds: 10, now: () => now });
    await store.create(record, "{}");
    const doc = await store.get(JOB);
    expect(doc?.stages.A.analyzers["say-means"]?.status).toBe("pending");
    expect(doc?.stages.B.status).toBe("skipped");
    await store.setAnalyzer(JOB, "A.say-means", {
      id: "say-means",
      name: "Say",
      stage: "A",
      status: "completed",
    });
    expect((await store.get(JOB))?.stages.A.status).toBe("completed");
    now = 11_000;
    expect(await store.get(JOB)).toBeNull();
  });
});

describe("in-memory share store", () => {
  it("keeps links by id, lists a job's, forgets deleted and expired ones", async () => {
    let now = 1_000;
    const store = createMemoryShareStore(() => now);
    await checkShareStore(store, async () => {
      now += 601_000;
    });
  });
});
