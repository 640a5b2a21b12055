import { type JobQueue, type QueueTask, taskId } from "../../core/ports";
import { createRecentJobs, type OwnerOf, priorityOfRank } from "./fair-order";

export interface MemoryQueueOptions {
  /** Runs one task; `attempt` counts from 1. Throwing means "try again" until attempts run out. */
  handle: (task: QueueTask, attempt: { number: number; max: number }) => Promise<unknown>;
  concurrency: number;
  attempts: number;
  backoffMs: number;
  /** Called, and awaited, once a task has failed for good. */
  onFailed?: (task: QueueTask, error: unknown) => void | Promise<void>;
  /** Orders tasks fairly between owners and their jobs (see fair-order.ts); first come first served without. */
  ownerOf?: OwnerOf;
}

interface Item {
  task: QueueTask;
  attempt: number;
  done: () => void;
  priority: number;
  seq: number;
}

/**
 * An in-process queue with the semantics of the BullMQ one: bounded concurrency, retries with
 * backoff, deterministic task ids (a task already known is not added twice), and flows whose
 * parent runs once after every child has finished, whether it succeeded or failed for good. With
 * `ownerOf`, the waiting tasks run in fair order instead of the order they came.
 */
export function createMemoryQueue(
  options: MemoryQueueOptions,
): JobQueue & { idle(): Promise<void>; counts(): { waiting: number; active: number; delayed: number } } {
  /** Sorted by priority, then by arrival. */
  const waiting: Item[] = [];
  const recent = createRecentJobs();
  let seq = 0;
  const priorityOf = async (jobId: string) =>
    options.ownerOf ? priorityOfRank(recent.rank((await options.ownerOf(jobId)) ?? "open", jobId)) : 1;
  const insert = (item: Item) => {
    let lo = 0;
    let hi = waiting.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const w = waiting[mid]!;
      if (w.priority < item.priority || (w.priority === item.priority && w.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    waiting.splice(lo, 0, item);
  };
  const known = new Set<string>();
  const cancelled = new Set<string>();
  let running = 0;
  let delayed = 0;
  let idleWaiters: Array<() => void> = [];

  const pump = () => {
    while (running < options.concurrency && waiting.length > 0) {
      const item = waiting.shift()!;
      if (cancelled.has(item.task.jobId) && item.attempt === 1) {
        item.done();
        continue;
      }
      running++;
      void run(item).finally(() => {
        running--;
        pump();
      });
    }
    if (running === 0 && delayed === 0 && waiting.length === 0) {
      for (const w of idleWaiters) w();
      idleWaiters = [];
    }
  };

  const run = async (item: Item) => {
    try {
      await options.handle(item.task, { number: item.attempt, max: options.attempts });
      item.done();
    } catch (error) {
      if (item.attempt < options.attempts) {
        const delay = options.backoffMs * 2 ** (item.attempt - 1);
        delayed++;
        setTimeout(() => {
          delayed--;
          insert({ ...item, attempt: item.attempt + 1 });
          pump();
        }, delay);
      } else {
        try {
          await options.onFailed?.(item.task, error);
        } finally {
          item.done();
        }
      }
    }
  };

  const add = (task: QueueTask, priority: number, done: () => void = () => {}) => {
    const id = taskId(task);
    if (known.has(id)) return false;
    known.add(id);
    insert({ task, attempt: 1, done, priority, seq: seq++ });
    return true;
  };

  return {
    async enqueue(task) {
      add(task, await priorityOf(task.jobId));
      pump();
    },
    async enqueueFlow(parent, children) {
      const priority = await priorityOf(parent.jobId);
      let left = children.length;
      const childDone = () => {
        left--;
        if (left === 0) add(parent, priority);
        pump();
      };
      const added = children.filter((c) => add(c, priority, childDone)).length;
      left -= children.length - added;
      if (left === 0) add(parent, priority);
      pump();
    },
    async cancel(jobId) {
      cancelled.add(jobId);
    },
    counts: () => ({ waiting: waiting.length, active: running, delayed }),
    idle() {
      return new Promise<void>((resolve) => {
        if (running === 0 && delayed === 0 && waiting.length === 0) resolve();
        else idleWaiters.push(resolve);
      });
    },
  };
}
