import { insightsStep } from "../../core/pipeline/insights-step";
import { expectTask, type QueueFunction } from "../shared/queue";

/** Extracts and checks the job's insights, then queues finalize. */
const insights: QueueFunction = async (event, ctx) => {
  const task = expectTask(event, "insights");
  const report = await insightsStep(task, ctx.deps);
  await ctx.queue.enqueue({ name: "finalize", jobId: task.jobId });
  return report.counts;
};

export default insights;
