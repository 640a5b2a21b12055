import { FlowProducer, type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type JobQueue, type QueueTask, taskId } from "../../../core/ports";
import { type QueueFunctionSpec, queueFunctions } from "../../../functions/manifest";
import type { Logger } from "../../../functions/shared/deps";
import { FAIR_WINDOW_MS, type OwnerOf, priorityOfRank } from "../fair-order";

export type QueueName = QueueFunctionSpec["queue"];
export const QUEUE_NAMES: readonly QueueName[] = ["llm", "control"];

/** Finished tasks are kept a day (at most this many per queue), so a task id added again is ignored. */
const KEEP = { age: 24 * 3600, count: 1_000 };

/** The queue each task goes to, as the manifest assigns it. */
export function queueOf(task: Pick<QueueTask, "name">): QueueName {
  const spec = queueFunctions.find((f) => f.task === task.name);
  if (!spec) throw new TypeError(`no queue function for task ${task.name}`);
  return spec.queue;
}

export interface BullmqQueueOptions {
  /** Shared with other adapters of the process; BullMQ does not close it. */
  connection: Redis;
  prefix: string;
  attempts: number;
  backoffMs: number;
  log: Logger;
  /** Orders tasks fairly between owners and their jobs with BullMQ priorities (see fair-order.ts). */
  ownerOf?: OwnerOf;
}

/** An owner's jobs in the fairness window (a sorted set by first-seen time); answers a job's rank. */
const RANK_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return redis.call('ZRANK', KEYS[1], ARGV[1])`;
type RankClient = Redis & {
  taFairRank(key: string, jobId: string, now: number, windowMs: number): Promise<number>;
};

export interface BullmqQueue extends JobQueue {
  /** The BullMQ queues themselves, for dashboards and metrics. */
  queues: readonly Queue[];
  counts(): Promise<{ waiting: number; active: number }>;
  close(): Promise<void>;
}

/**
 * The JobQueue on BullMQ: `llm` (analyzer calls, insights) and `control` (barriers, finalize).
 * Task ids are BullMQ job ids, so adding a task twice is a no-op; a stage is a flow whose parent
 * (the barrier) runs once every child has finished, failed ones included.
 */
export function createBullmqQueue(options: BullmqQueueOptions): BullmqQueue {
  // No version check: BullMQ's is an INFO sent once when the queue is made, and when that one
  // command times out (a busy Redis, the http role's 1 s command timeout) BullMQ keeps the failure
  // and refuses every later task until the process restarts. The host checks Redis at start instead.
  const base = { connection: options.connection, prefix: options.prefix, skipVersionCheck: true };
  const queues = Object.fromEntries(QUEUE_NAMES.map((name) => [name, new Queue(name, base)])) as Record<
    QueueName,
    Queue
  >;
  const flows = new FlowProducer(base);
  if (!(options.connection as unknown as Partial<RankClient>).taFairRank)
    options.connection.defineCommand("taFairRank", { numberOfKeys: 1, lua: RANK_SCRIPT });
  const ranks = options.connection as unknown as RankClient;
  /** 1 + the owner's jobs started before this one in the window, shared by every process. */
  const priorityOf = async (jobId: string): Promise<number | undefined> => {
    if (!options.ownerOf) return undefined;
    const owner = (await options.ownerOf(jobId)) ?? "open";
    const key = `${options.prefix}:fair:${owner}`;
    return priorityOfRank(await ranks.taFairRank(key, jobId, Date.now(), FAIR_WINDOW_MS));
  };
  const jobOptions = (task: QueueTask, priority: number | undefined): JobsOptions => ({
    jobId: taskId(task),
    attempts: options.attempts,
    backoff: { type: "exponential", delay: options.backoffMs },
    removeOnComplete: KEEP,
    removeOnFail: KEEP,
    ...(priority === undefined ? {} : { priority }),
  });

  const enqueue = async (task: QueueTask) => {
    await queues[queueOf(task)].add(task.name, task, jobOptions(task, await priorityOf(task.jobId)));
  };
  const onError = (err: Error) => options.log.warn({ err: err.message }, "queue error");
  for (const queue of Object.values(queues)) queue.on("error", onError);
  flows.on("error", onError);

  return {
    queues: Object.values(queues),
    enqueue,

    async enqueueFlow(parent, children) {
      if (children.length === 0) return enqueue(parent);
      const priority = await priorityOf(parent.jobId);
      await flows.add({
        name: parent.name,
        queueName: queueOf(parent),
        data: parent,
        opts: jobOptions(parent, priority),
        children: children.map((child) => ({
          name: child.name,
          queueName: queueOf(child),
          data: child,
          // A child that fails for good still lets the barrier run; the barrier reads its state.
          opts: { ...jobOptions(child, priority), ignoreDependencyOnFailure: true },
        })),
      });
    },

    async cancel(jobId) {
      const mine = `${jobId}.`;
      // Barriers first, in every queue: removing one takes its unstarted children along.
      for (const states of [["waiting-children"], ["waiting", "prioritized", "delayed"]] as const) {
        for (const queue of Object.values(queues)) {
          for (const job of await queue.getJobs([...states])) {
            if (!job?.id?.startsWith(mine)) continue;
            // A task that started meanwhile stays; the steps see the job's status and stop.
            await queue.remove(job.id, { removeChildren: true }).catch(() => 0);
          }
        }
      }
    },

    async counts() {
      let waiting = 0;
      let active = 0;
      for (const queue of Object.values(queues)) {
        const c = await queue.getJobCounts("waiting", "prioritized", "delayed", "active");
        waiting += (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
        active += c.active ?? 0;
      }
      return { waiting, active };
    },

    async close() {
      await Promise.all([flows.close(), ...Object.values(queues).map((q) => q.close())]);
    },
  };
}
