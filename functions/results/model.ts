import { insightsAnswer, jobResults as resultsOf } from "../../core/jobs/job-results";
import { loadJobInsights, loadJobView } from "../../core/jobs/job-view";
import type { FunctionDeps } from "../shared/deps";

/** Every output of a job so far: per stage, per analyzer, its text and numbers. */
export async function jobResults(jobId: string, deps: FunctionDeps) {
  return resultsOf(await loadJobView(jobId, deps.store));
}

/**
 * The job's insights: the final report once the insights step ran; before that, the items the
 * keyword rules found, checked the same way and marked `final: false`.
 */
export async function jobInsights(jobId: string, deps: FunctionDeps) {
  return insightsAnswer(await loadJobInsights(jobId, deps.store));
}
