import { insightsAnswer, type JobResults, jobResults as resultsOf } from "../../core/jobs/job-results";
import { loadJobInsights, loadJobView } from "../../core/jobs/job-view";
import type { FunctionDeps } from "../shared/deps";
import { ListCuts, type SegmentPageQuery, segmentPage } from "../shared/lists";

/**
 * Every output of a job so far: per stage, per analyzer, its text and numbers. The transcript's
 * segments come a page at a time, and long lists are cut, so a huge transcript cannot make a
 * huge answer (`transcript.segmentsPage`, `truncated` say what is left out).
 */
export async function jobResults(
  jobId: string,
  query: SegmentPageQuery,
  deps: FunctionDeps,
): Promise<JobResults> {
  const full = resultsOf(await loadJobView(jobId, deps.store, deps.vault));
  const cuts = new ListCuts();
  const { segments, page } = segmentPage(full.transcript.segments, query);
  const { computed, insights } = full;
  return {
    ...full,
    transcript: {
      ...full.transcript,
      speakers: cuts.list("transcript.speakers", full.transcript.speakers),
      speakerCount: full.transcript.speakers.length,
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
    ...cuts.answer(),
  };
}

/**
 * The job's insights: the final report once the insights step ran; before that, the items the
 * keyword rules found, checked the same way and marked `final: false`.
 */
export async function jobInsights(jobId: string, deps: FunctionDeps) {
  const cuts = new ListCuts();
  const insights = insightsAnswer(await loadJobInsights(jobId, deps.store));
  return { ...insights, items: cuts.list("items", insights.items), ...cuts.answer() };
}
