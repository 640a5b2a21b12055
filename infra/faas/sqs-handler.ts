import { isAppError } from "../../core/errors";
import type { QueueTask } from "../../core/ports";
import type { Logger } from "../../functions/shared/deps";
import { loadConfig } from "../config";
import { createRuntime, type QueueFunctions, type Runtime } from "../runtime";
import { parseQueueTask } from "./queue-task";
import type { SqsBatchResponse, SqsEvent, SqsRecord } from "./sqs-event";

/** What the handler needs from the runtime: running a task, the attempt budget, a logger. */
export interface SqsRuntime {
  run: (task: QueueTask, attempt: { number: number; max: number }) => Promise<unknown>;
  /** A task that failed on its last delivery: its job ends as it must (see failTask). */
  failed: (task: QueueTask, error: unknown) => Promise<void>;
  maxAttempts: number;
  log: Logger;
  /** Waits for follow-up work the runtime runs in-process, before the container is frozen. */
  settle?: () => Promise<void>;
}

/**
 * An SQS batch handler for the queue functions, with partial batch responses: each record's body
 * is a QueueTask, run by the function the manifest assigns; only the records that failed are
 * reported, so SQS redelivers those and deletes the rest. A malformed body is reported too: no
 * retry fixes it, but the queue's redrive policy then moves it to the dead-letter queue where
 * someone can see it, instead of it vanishing. A task whose job has expired is acknowledged, and
 * so is one that failed on its last allowed delivery, once its job has been ended with the reason
 * (set the queue's maxReceiveCount above JOB_ATTEMPTS so that happens before the redrive).
 */
export function createSqsHandler(load: () => Promise<SqsRuntime>) {
  let ready: Promise<SqsRuntime> | undefined;
  return async (event: SqsEvent): Promise<SqsBatchResponse> => {
    ready ??= load().catch((error) => {
      ready = undefined;
      throw error;
    });
    const runtime = await ready;
    const failed = await Promise.all(event.Records.map((record) => processRecord(record, runtime)));
    await runtime.settle?.();
    return {
      batchItemFailures: event.Records.filter((_, i) => failed[i]).map((r) => ({
        itemIdentifier: r.messageId,
      })),
    };
  };
}

/** True when the record must go back to the queue. */
async function processRecord(record: SqsRecord, runtime: SqsRuntime): Promise<boolean> {
  const { log } = runtime;
  let task: QueueTask;
  try {
    task = parseQueueTask(record.body);
  } catch (error) {
    log.error(
      { messageId: record.messageId, error: (error as Error).message },
      "malformed queue message: left for the dead-letter queue",
    );
    return true;
  }
  // SQS counts deliveries; past the budget the step is told it is the last try, so it records
  // its error on the job instead of asking for another delivery.
  const received = Number(record.attributes?.ApproximateReceiveCount ?? "1") || 1;
  const attempt = { number: Math.min(received, runtime.maxAttempts), max: runtime.maxAttempts };
  try {
    await runtime.run(task, attempt);
    log.info({ messageId: record.messageId, task, attempt: attempt.number }, "task done");
    return false;
  } catch (error) {
    if (isAppError(error) && error.code === "job_not_found") {
      log.warn({ messageId: record.messageId, task }, "task for a job that no longer exists: dropped");
      return false;
    }
    if (attempt.number >= runtime.maxAttempts) {
      // The last delivery the budget allows: the job is told, and the message is done with.
      await runtime.failed(task, error);
      return false;
    }
    log.warn({ messageId: record.messageId, task, err: error }, "task failed: SQS will deliver it again");
    return true;
  }
}

/** What the handler takes from a runtime. */
export const sqsRuntimeOf = (runtime: Runtime): SqsRuntime => ({
  run: runtime.run,
  failed: runtime.failed,
  maxAttempts: runtime.config.jobs.attempts,
  log: runtime.log,
  settle: runtime.idle,
});

/** The Lambda export: the runtime from the environment (see createRuntime). */
export function sqsHandler(functions: QueueFunctions, env: Record<string, string | undefined> = process.env) {
  return createSqsHandler(async () =>
    sqsRuntimeOf(await createRuntime(loadConfig(env), "faas-queue", { functions })),
  );
}
