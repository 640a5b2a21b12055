import { closeStageStep } from "../../core/pipeline/stage-step";
import { enqueueNext, expectTask, type QueueFunction } from "../shared/queue";

/** The barrier after a stage: prepares the next stage and queues it (or insights). */
const closeStage: QueueFunction = async (event, ctx) => {
  const { next } = await closeStageStep(expectTask(event, "close-stage"), ctx.deps);
  await enqueueNext(next, ctx.queue);
  return next;
};

export default closeStage;
