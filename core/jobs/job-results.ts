import type { ComputedAnalyses } from "../computed";
import type { InsightsReport } from "../insights/schema";
import type { Segment } from "../transcript/model";
import type { AnalyzerState, JobRecord, JobStatus, Stage } from "./job";
import { type JobView, type TranscriptSummary, transcriptSummary } from "./job-view";

/**
 * What `GET /api/results/:jobId` and `GET /api/insights/:jobId` answer, made from the job read
 * model. The web UI reads these types, so the page and the API cannot drift apart.
 */

/** One planned analyzer as the results show it: its last state and, once it finished, its text. */
export type AnalyzerOutput = Omit<AnalyzerState, "id" | "stage"> & { text: string | null };

/** The insights report; `final: false` while only the keyword rules' items are in it. */
export type InsightsAnswer = InsightsReport & { final: boolean };

export interface JobResults {
  jobId: string;
  status: JobStatus;
  /** Per stage, per analyzer id, in plan order. */
  outputs: Record<Stage, Record<string, AnalyzerOutput>>;
  transcript: TranscriptSummary<Segment[]>;
  computed: ComputedAnalyses;
  insights: InsightsAnswer;
  totals: NonNullable<JobRecord["totals"]> | null;
  notes: string[];
}

export function jobResults(view: JobView): JobResults {
  const outputs: JobResults["outputs"] = { A: {}, B: {}, final: {} };
  for (const a of view.analyzers) {
    const { id: _id, stage: _stage, ...rest } = a.state;
    outputs[a.stage][a.id] = { ...rest, text: a.text };
  }
  return {
    jobId: view.doc.jobId,
    status: view.doc.status,
    outputs,
    transcript: transcriptSummary(view.transcript, "all"),
    computed: view.computed,
    insights: insightsAnswer(view.insights),
    totals: view.doc.totals ?? null,
    notes: view.doc.notes,
  };
}

export const insightsAnswer = ({ report, provisional }: JobView["insights"]): InsightsAnswer => ({
  ...report,
  final: !provisional,
});
