import { loadJobInsights, loadJobView, transcriptSummary } from "../../core/jobs/job-view";
import type { FunctionDeps } from "../shared/deps";

/** Every output of a job so far: per stage, per analyzer, its text and numbers. */
export async function jobResults(jobId: string, deps: FunctionDeps) {
  const view = await loadJobView(jobId, deps.store, deps.vault);
  const outputs: Record<string, Record<string, unknown>> = { A: {}, B: {}, final: {} };
  for (const a of view.analyzers) {
    const { id: _id, stage: _stage, ...rest } = a.state;
    outputs[a.stage]![a.id] = { ...rest, text: a.text };
  }
  return {
    jobId,
    status: view.doc.status,
    outputs,
    transcript: transcriptSummary(view.transcript, "all"),
    computed: view.computed,
    insights: answerOf(view.insights),
    totals: view.doc.totals ?? null,
    notes: view.doc.notes,
  };
}

/**
 * The job's insights: the final report once the insights step ran; before that, the items the
 * keyword rules found, checked the same way and marked `final: false`.
 */
export async function jobInsights(jobId: string, deps: FunctionDeps) {
  return answerOf(await loadJobInsights(jobId, deps.store));
}

const answerOf = ({ report, provisional }: { report: object; provisional: boolean }) => ({
  ...report,
  final: !provisional,
});
