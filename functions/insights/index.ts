import { insightsStep } from "../../core/pipeline/insights-step";
import { expectTask, type QueueFunction } from "../shared/queue";

/** Extracts and checks the job's insights (first pass or review); the stage's barrier goes on. */
const insights: QueueFunction = async (event, ctx) => {
  const report = await insightsStep(expectTask(event, "insights"), ctx.deps, ctx.attempt);
  return report.counts;
};

export default insights;
