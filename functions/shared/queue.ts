import type { JobDocument } from "../../core/jobs/job";
import type { Attempt } from "../../core/pipeline/analyzer-step";
import type { PipelineDeps } from "../../core/pipeline/deps";
import type { StageOutcome } from "../../core/pipeline/stage-step";
import type { JobQueue, QueueTask } from "../../core/ports";

/**
 * What a queue function gets besides its event. No queue library's types appear here, so an
 * SQS or Cloudflare Queues adapter can call the same functions.
 */
export interface QueueContext {
  deps: PipelineDeps;
  /** Where follow-up work goes (the next stage, insights, finalize). */
  queue: JobQueue;
  attempt: Attempt;
  /** Called with the final status document (the completion webhook). */
  notify?: (doc: JobDocument) => Promise<void>;
}

export type QueueFunction<T extends QueueTask = QueueTask> = (
  event: T,
  ctx: QueueContext,
) => Promise<unknown>;

/** Narrows a task to the one a function handles, or says clearly what arrived instead. */
export function expectTask<N extends QueueTask["name"]>(
  event: QueueTask,
  name: N,
): Extract<QueueTask, { name: N }> {
  if (event?.name !== name || typeof event.jobId !== "string") {
    throw new TypeError(`expected a ${name} task, got ${JSON.stringify(event)?.slice(0, 200)}`);
  }
  return event as Extract<QueueTask, { name: N }>;
}

/** Queues what a step said runs next: a stage's analyzers behind their barrier, or one task. */
export async function enqueueNext(next: StageOutcome["next"], queue: JobQueue): Promise<void> {
  if (next && "children" in next) await queue.enqueueFlow(next.parent, next.children);
  else if (next) await queue.enqueue(next.task);
}
