import { closeStageStep } from "../../core/pipeline/stage-step";
import { expectTask, type QueueFunction } from "../shared/queue";

/** The barrier after a stage: prepares the next stage and queues it (or insights). */
const closeStage: QueueFunction = async (event, ctx) => {
  const { next } = await closeStageStep(expectTask(event, "close-stage"), ctx.deps);
  if (next && "children" in next) await ctx.queue.enqueueFlow(next.parent, next.children);
  else if (next) await ctx.queue.enqueue(next.task);
  return next;
};

export default closeStage;
