import {
  type AnalyzerState,
  type AnalyzerStatus,
  analyzerKey,
  INSIGHTS_REVIEW_KEY,
  insightsReviewState,
  insightsState,
  isAnalyzerDone,
  type JobDocument,
  type JobRecord,
  pendingAnalyzer,
  STAGES,
} from "./job";

/**
 * Folds the analyzers' states into the record: per stage, the analyzers of the plan in plan
 * order (pending until a worker reports) and the stage's own status.
 */
export function assembleDocument(record: JobRecord, states: Record<string, AnalyzerState>): JobDocument {
  const stages = {} as JobDocument["stages"];
  for (const stage of STAGES) {
    const analyzers: Record<string, AnalyzerState> = {};
    for (const id of record.plan[stage]) {
      analyzers[id] = states[analyzerKey(stage, id)] ?? pendingAnalyzer(stage, id);
    }
    stages[stage] = { status: stageStatus(record, Object.values(analyzers)), analyzers };
  }
  stages.insights = states.insights ?? insightsState(record.plan.insights ? "pending" : "skipped");
  const review = states[INSIGHTS_REVIEW_KEY] ?? (record.plan.review ? insightsReviewState() : undefined);
  if (review) stages.insightsReview = review;
  return { ...record, stages };
}

function stageStatus(record: JobRecord, analyzers: AnalyzerState[]): AnalyzerStatus {
  if (analyzers.length === 0) return "skipped";
  if (analyzers.every((a) => a.status === "skipped")) return "skipped";
  if (analyzers.every((a) => isAnalyzerDone(a.status))) {
    return analyzers.some((a) => a.status === "completed")
      ? "completed"
      : analyzers.some((a) => a.status === "error")
        ? "error"
        : "skipped";
  }
  if (record.status === "cancelled") return "cancelled";
  return analyzers.some((a) => a.status !== "pending") ? "running" : "pending";
}
