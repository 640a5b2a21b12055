import type { JobPlan } from "../jobs/job-plan";
import { readJobParts } from "../jobs/job-view";
import { RESULT_KEYS } from "../jobs/stored";
import { renderTranscript } from "../transcript/render";
import { cpuOf, nowIso, type PipelineDeps } from "./deps";
import { indexJobMeeting } from "./index-meeting";
import { sealPrepared } from "./seal-prepared";
import type { StageOutcome } from "./stage-step";

/**
 * The first step of every job, off the request path: the computed analyses, the prompt values
 * and the transcript's token count, stored once, and the first files (transcript and computed
 * analyses). Says what runs next: Stage A and the insights behind Stage A's barrier.
 */
export async function prepareStep(task: { jobId: string }, deps: PipelineDeps): Promise<StageOutcome> {
  const { jobId } = task;
  const { record, input, prepared: stored } = await readJobParts(jobId, deps.store);
  let prepared = stored;
  if (!prepared) {
    const work = await cpuOf(deps).prepare(input.transcript, nowIso(deps), input.plan.redact);
    prepared = sealPrepared(work, deps.vault);
    // A retry after a crash may find it written already: the first one stands.
    if (!(await deps.store.putResultOnce(jobId, RESULT_KEYS.prepared, JSON.stringify(prepared)))) {
      prepared = (await readJobParts(jobId, deps.store)).prepared!;
    }
  }
  // Indexed again on a retry: indexing replaces what the index had of the meeting.
  await indexJobMeeting(record, input.transcript, prepared.computed, deps);
  await Promise.all([
    // The job's own files show the real transcript.
    deps.artifacts.write(jobId, "transcript.md", renderTranscript(input.transcript, { ids: true })),
    deps.artifacts.write(jobId, "transcript.json", JSON.stringify(input.transcript, null, 2)),
    deps.artifacts.write(jobId, "computed.json", JSON.stringify(prepared.computed, null, 2)),
  ]);
  return { next: tasksAfterPrepare(jobId, input.plan) };
}

/**
 * Stage A with the insights' first pass beside it (it reads the transcript and the computed
 * analyses, so the items arrive after one call), behind Stage A's barrier; without a model, the
 * insights from the keyword rules, then finalize.
 */
export function tasksAfterPrepare(jobId: string, plan: JobPlan): NonNullable<StageOutcome["next"]> {
  const insights = { name: "insights", jobId } as const;
  if (!plan.llm.enabled) return { parent: { name: "finalize", jobId }, children: [insights] };
  return {
    parent: { name: "close-stage", jobId, stage: "A" },
    children: [
      ...plan.stages.A.map((a) => ({
        name: "run-analyzer" as const,
        jobId,
        stage: "A" as const,
        analyzerId: a.id,
      })),
      insights,
    ],
  };
}
