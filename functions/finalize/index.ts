import { finalizeStep } from "../../core/pipeline/finalize-step";
import { expectTask, type QueueFunction } from "../shared/queue";

/** Writes the status document and the COMPLETED marker, then sends the completion webhook. */
const finalize: QueueFunction = async (event, ctx) => {
  const doc = await finalizeStep(expectTask(event, "finalize"), ctx.deps);
  await ctx.notify?.(doc);
  return { status: doc.status };
};

export default finalize;
