import type { EventStage } from "../../../../core/jobs/events";

/** The progress table's name for each step's stage. */
export const STAGE_TITLES: Record<EventStage, string> = {
  A: "Stage A · transcript",
  B: "Stage B · meta-analysis",
  final: "Final documents",
  insights: "Insights",
};
