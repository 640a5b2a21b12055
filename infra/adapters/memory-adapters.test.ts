import { describe, expect, it } from "vitest";
import { type QueueTask, taskId } from "../../core/ports";
import { exampleEvent } from "../../test/helpers/events";
import { createMemoryEventBus } from "./memory-events";
import { createMemoryQueue } from "./memory-queue";

const JOB = "20251001-123456-abcdefgh";
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
