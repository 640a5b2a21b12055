import { loadJobInsights, loadJobView, transcriptSummary } from "../../core/jobs/job-view";
import type { FunctionDeps } from "../shared/deps";
import { ListCuts, type SegmentPageQuery, segmentPage } from "../shared/lists";

/**
 * Every output of a job so far: per stage, per analyzer, its text and numbers. The transcript's
 * segments come a page at a time, and long lists are cut, so a huge transcript cannot make a
 * huge answer (`transcript.segmentsPage`, `truncated` say what is left out).
 */
export async function jobResults(jobId: string, query: SegmentPageQuery, deps: FunctionDeps) {
  const view = await loadJobView(jobId, deps.store);
  const outputs: Record<string, Record<string, unknown>> = { A: {}, B: {}, final: {} };
  for (const a of view.analyzers) {
    const { id: _id, stage: _stage, ...rest } = a.state;
    outputs[a.stage]![a.id] = { ...rest, text: a.text };
  }
  const cuts = new ListCuts();
  const { segments, page } = segmentPage(view.transcript.segments, query);
  const { computed } = view;
  const insights = answerOf(view.insights);
  return {
    jobId,
    status: view.doc.status,
    outputs,
    transcript: {
      ...transcriptSummary(view.transcript, "count"),
      speakers: cuts.list("transcript.speakers", view.transcript.speakers),
      speakerCount: view.transcript.speakers.length,
      segments,
      segmentsPage: page,
    },
    computed: {
      ...computed,
      speakerStats: cuts.list("computed.speakerStats", computed.speakerStats),
      questions: cuts.list("computed.questions", computed.questions),
      linguisticProfile: cuts.record("computed.linguisticProfile", computed.linguisticProfile),
      insights: cuts.list("computed.insights", computed.insights),
    },
    insights: { ...insights, items: cuts.list("insights.items", insights.items) },
    totals: view.doc.totals ?? null,
    notes: view.doc.notes,
    ...cuts.answer(),
  };
}

/**
 * The job's insights: the final report once the insights step ran; before that, the items the
 * keyword rules found, checked the same way and marked `final: false`.
 */
export async function jobInsights(jobId: string, deps: FunctionDeps) {
  const cuts = new ListCuts();
  const insights = answerOf(await loadJobInsights(jobId, deps.store));
  return { ...insights, items: cuts.list("items", insights.items), ...cuts.answer() };
}

const answerOf = <R extends { items: unknown[] }>({
  report,
  provisional,
}: {
  report: R;
  provisional: boolean;
}) => ({
  ...report,
  final: !provisional,
});
