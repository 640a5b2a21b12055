import { prepareStep } from "../../core/pipeline/prepare-step";
import { enqueueNext, expectTask, type QueueFunction } from "../shared/queue";

/** The first task of a job: computed analyses and token count, then Stage A (or insights) is queued. */
const prepare: QueueFunction = async (event, ctx) => {
  const { next } = await prepareStep(expectTask(event, "prepare"), ctx.deps);
  await enqueueNext(next, ctx.queue);
  return next;
};

export default prepare;
