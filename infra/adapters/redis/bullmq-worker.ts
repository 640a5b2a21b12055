import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import * as v from "valibot";
import { isAppError } from "../../../core/errors";
import { type QueueTask, QueueTaskSchema, taskId } from "../../../core/jobs/task";
import type { Logger } from "../../../functions/shared/deps";
import { QUEUE_NAMES, type QueueName } from "./bullmq-queue";

/** A task as it must arrive; anything else is failed at once, since no retry can fix it. */
const TaskSchema = QueueTaskSchema;

const UNRECOVERABLE: ReadonlySet<string> = new Set(["job_not_found", "step_timeout", "too_large"]);

/** When a 429 says nothing about how long to wait. */
export const DEFAULT_RATE_LIMIT_MS = 30_000;

export interface BullmqWorkersOptions {
  /** A `worker`-role client (it waits for Redis); each BullMQ worker makes its own copies. */
  connection: Redis;
  prefix: string;
  /** Runs one task (the queue-dispatch dispatcher); throws to fail this attempt. */
  handle: (
    task: QueueTask,
    attempt: { number: number; max: number; requeueOnRateLimit: boolean },
  ) => Promise<unknown>;
  /** Called once a task has failed for good, so its job does not stay "running". */
  onFailedForGood?: (task: QueueTask, error: Error) => Promise<void>;
  concurrency: Record<QueueName, number>;
  /** LLM calls per minute across every worker process; 0 = no limit. */
  llmRatePerMinute: number;
  /** How long a task's lock lasts unrenewed, and how often stalled tasks are looked for. */
  lockMs?: number;
  log: Logger;
}

/** How often each worker looks for tasks whose worker died. */
export const stalledIntervalOf = (lockMs: number): number => Math.max(1_000, Math.round(lockMs / 6));

export interface BullmqWorkers {
  workers: Worker[];
  /** Lets running tasks finish; false when `timeoutMs` passed first. */
  close(timeoutMs: number): Promise<boolean>;
}

/**
 * One BullMQ worker per queue, running tasks through `handle` and turning its failures into what
 * BullMQ understands: a rate-limited call waits without using an attempt, a RetryLater is retried
 * with backoff, and a task for a job that is gone is failed for good.
 */
export function createBullmqWorkers(options: BullmqWorkersOptions): BullmqWorkers {
  const { log } = options;
  const lockMs = options.lockMs ?? 30_000;

  const workers = QUEUE_NAMES.map((queue) => {
    const worker: Worker = new Worker(queue, (job: Job) => processTask(job, worker), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency[queue],
      ...(queue === "llm" && options.llmRatePerMinute > 0
        ? { limiter: { max: options.llmRatePerMinute, duration: 60_000 } }
        : {}),
      // A prioritized task put back after a rate limit is seen only when the idle poll ends
      // (BullMQ adds no marker for it), so the poll is short: 1 s instead of 5.
      drainDelay: 1,
      lockDuration: lockMs,
      // A dead worker's task is found at the first check after its lock ran out: checking every
      // sixth of the lock makes takeover take lockMs to 7/6 of it (checking every lockMs, up to twice).
      stalledInterval: stalledIntervalOf(lockMs),
      // A task whose worker was killed twice is still picked up once more.
      maxStalledCount: 2,
    });
    worker.on("failed", (job, err) => {
      if (job && (err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1))) {
        log.error({ task: job.id, err: err.message }, "task failed for good");
        const parsed = v.safeParse(TaskSchema, job.data);
        if (parsed.success && options.onFailedForGood) {
          options
            .onFailedForGood(parsed.output, err)
            .catch((e: unknown) =>
              log.error({ task: job.id, err: (e as Error).message }, "could not record the failure"),
            );
        }
      }
    });
    worker.on("error", (err) => log.warn({ queue, err: err.message }, "worker error"));
    return worker;
  });

  async function processTask(job: Job, worker: Worker): Promise<unknown> {
    const parsed = v.safeParse(TaskSchema, job.data);
    if (!parsed.success || taskId(parsed.output) !== job.id) {
      throw new UnrecoverableError(`not a task this worker can run: ${job.id}`);
    }
    const task: QueueTask = parsed.output;
    const attempt = { number: job.attemptsMade + 1, max: job.opts.attempts ?? 1, requeueOnRateLimit: true };
    log.info({ jobId: task.jobId, task: job.id, attempt: attempt.number }, "task started");
    try {
      const result = await options.handle(task, attempt);
      log.info({ jobId: task.jobId, task: job.id }, "task done");
      return result;
    } catch (e) {
      throw await asQueueError(e, worker, job, log);
    }
  }

  return {
    workers,
    async close(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const closed = Promise.all(workers.map((w) => w.close())).then(() => true as const);
      const finished = await Promise.race([closed, late]);
      clearTimeout(timer);
      return finished;
    },
  };
}

async function asQueueError(e: unknown, worker: Worker, job: Job, log: Logger): Promise<Error> {
  // Errors cross bundles (each function is bundled on its own), so they are known by name and code.
  if (e instanceof Error && e.name === "RetryLater") {
    const cause = (e as { cause?: unknown }).cause;
    if (isAppError(cause) && cause.code === "llm_rate_limited") {
      const waitMs = (cause as { retryAfterMs?: number }).retryAfterMs ?? DEFAULT_RATE_LIMIT_MS;
      log.info({ task: job.id, waitMs }, "model service rate limit: pausing the llm queue");
      await worker.rateLimit(waitMs);
      return Worker.RateLimitError();
    }
    return e;
  }
  // The same input gives the same answer: a job that is gone, a step past its time or memory bound.
  if (isAppError(e) && UNRECOVERABLE.has(e.code)) return new UnrecoverableError(e.message);
  return e instanceof Error ? e : new Error(String(e));
}
