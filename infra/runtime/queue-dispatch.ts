import type { JobDocument } from "../../core/jobs/job";
import type { Attempt } from "../../core/pipeline/analyzer-step";
import type { PipelineDeps } from "../../core/pipeline/deps";
import type { JobQueue, QueueTask } from "../../core/ports";
import type { QueueFunctionSpec } from "../../functions/manifest";
import type { QueueFunction } from "../../functions/shared/queue";

export type QueueFunctions = Record<QueueFunctionSpec["task"], QueueFunction>;

/**
 * Runs a task with the queue function the manifest assigns to it: the one piece of code both
 * the embedded queue and the BullMQ workers call.
 */
export type Dispatch = (task: QueueTask, attempt: Attempt) => Promise<unknown>;

export function dispatcher(args: {
  functions: QueueFunctions;
  deps: PipelineDeps;
  queue: () => JobQueue;
  notify?: (doc: JobDocument) => Promise<void>;
}): Dispatch {
  return (task, attempt) => {
    const fn = args.functions[task.name];
    if (!fn) throw new TypeError(`no queue function for task ${task.name}`);
    return fn(task, {
      deps: args.deps,
      queue: args.queue(),
      attempt,
      ...(args.notify ? { notify: args.notify } : {}),
    });
  };
}
