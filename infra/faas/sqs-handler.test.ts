import { describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import type { QueueTask } from "../../core/ports";
import type { SqsRecord } from "./sqs-event";
import { createSqsHandler, type SqsRuntime } from "./sqs-handler";

const JOB = "20250101-120000-abcdef0123456789abcdef01";
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const record = (messageId: string, body: unknown, receiveCount = 1): SqsRecord => ({
  messageId,
  receiptHandle: `handle-${messageId}`,
  body: typeof body === "string" ? body : JSON.stringify(body),
  attributes: { ApproximateReceiveCount: String(receiveCount) },
  eventSource: "aws:sqs",
});

function runtime(run: SqsRuntime["run"], extra: Partial<SqsRuntime> = {}) {
  const calls: Array<{ task: QueueTask; attempt: { number: number; max: number } }> = [];
  const failed: QueueTask[] = [];
  const rt: SqsRuntime = {
    maxAttempts: 3,
    log: quiet,
    failed: async (task) => {
      failed.push(task);
    },
    run: async (task, attempt) => {
      calls.push({ task, attempt });
      return run(task, attempt);
    },
    ...extra,
  };
  return { rt, calls, failed };
}

describe("the SQS handler", () => {
  it("reports exactly the malformed and the failed records, so SQS redelivers only those", async () => {
    const { rt, calls } = runtime(async (task) => {
      if (task.name === "insights") throw new Error("Redis went away");
      return null;
    });
    const handler = createSqsHandler(async () => rt);
    const result = await handler({
      Records: [
        record("good", { name: "finalize", jobId: JOB }),
        record("not-json", "{oops"),
        record("not-a-task", { name: "format-disk", jobId: JOB }),
        record("failing", { name: "insights", jobId: JOB }),
        record("good-too", { name: "run-analyzer", jobId: JOB, stage: "A", analyzerId: "say-means" }),
      ],
    });
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: "not-json" },
      { itemIdentifier: "not-a-task" },
      { itemIdentifier: "failing" },
    ]);
    expect(calls.map((c) => c.task)).toEqual([
      { name: "finalize", jobId: JOB },
      { name: "insights", jobId: JOB },
      { name: "run-analyzer", jobId: JOB, stage: "A", analyzerId: "say-means" },
    ]);
  });

  it("counts SQS deliveries as attempts, and past the budget says it is the last one", async () => {
    const { rt, calls } = runtime(async () => null);
    const handler = createSqsHandler(async () => rt);
    await handler({
      Records: [
        record("first", { name: "finalize", jobId: JOB }, 1),
        record("second", { name: "insights", jobId: JOB }, 2),
        record("redriven", { name: "close-stage", jobId: JOB, stage: "B" }, 7),
      ],
    });
    expect(calls.map((c) => c.attempt)).toEqual([
      { number: 1, max: 3 },
      { number: 2, max: 3 },
      { number: 3, max: 3 },
    ]);
  });

  it("ends the job of a task that failed on its last allowed delivery, and acknowledges the message", async () => {
    const { rt, failed } = runtime(async () => {
      throw new Error("the barrier broke");
    });
    const handler = createSqsHandler(async () => rt);
    const result = await handler({
      Records: [
        record("early", { name: "close-stage", jobId: JOB, stage: "A" }, 2),
        record("last", { name: "finalize", jobId: JOB }, 3),
      ],
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "early" }]);
    expect(failed).toEqual([{ name: "finalize", jobId: JOB }]);
  });

  it("acknowledges a task whose job has expired: no delivery can bring it back", async () => {
    const { rt } = runtime(async () => {
      throw new AppError("job_not_found", `No job ${JOB}; it may have expired.`);
    });
    const handler = createSqsHandler(async () => rt);
    const result = await handler({ Records: [record("gone", { name: "finalize", jobId: JOB })] });
    expect(result.batchItemFailures).toEqual([]);
  });

  it("waits for in-process follow-up work before it returns", async () => {
    const order: string[] = [];
    const { rt } = runtime(async () => order.push("task"), {
      settle: async () => {
        await new Promise((r) => setTimeout(r, 10));
        order.push("settled");
      },
    });
    const handler = createSqsHandler(async () => rt);
    await handler({ Records: [record("one", { name: "finalize", jobId: JOB })] });
    order.push("returned");
    expect(order).toEqual(["task", "settled", "returned"]);
  });

  it("fails the whole batch when it cannot start, and tries to start again on the next one", async () => {
    let starts = 0;
    const { rt } = runtime(async () => null);
    const handler = createSqsHandler(async () => {
      starts++;
      if (starts === 1) throw new AppError("store_unavailable", "Redis is not reachable.");
      return rt;
    });
    const batch = { Records: [record("one", { name: "finalize", jobId: JOB })] };
    await expect(handler(batch)).rejects.toMatchObject({ code: "store_unavailable" });
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(starts).toBe(2);
  });
});
