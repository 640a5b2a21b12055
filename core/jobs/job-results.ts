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

/** Which segments an answer carries: `nextOffset` is where the next page begins, when there is one. */
export interface SegmentsPage {
  offset: number;
  limit: number;
  total: number;
  nextOffset?: number;
}

/** A list an answer cut: how many items it shows of how many there are. */
export interface ListCut {
  shown: number;
  total: number;
}

export interface JobResults {
  jobId: string;
  status: JobStatus;
  /** The BCP 47 tag the outputs are written in; the page heads them in it (`en` when unknown). */
  language: string;
  /** Per stage, per analyzer id, in plan order. */
  outputs: Record<Stage, Record<string, AnalyzerOutput>>;
  /** The HTTP answer carries one page of segments (`segmentsPage`) and says how many speakers there are. */
  transcript: TranscriptSummary<Segment[]> & { speakerCount?: number; segmentsPage?: SegmentsPage };
  computed: ComputedAnalyses;
  insights: InsightsAnswer;
  totals: NonNullable<JobRecord["totals"]> | null;
  notes: string[];
  /** Lists the answer cut, by where they sit in it (`computed.questions`); absent when none was. */
  truncated?: Record<string, ListCut>;
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
    language: view.language,
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
