import type { JobPlan } from "../jobs/job-plan";
import { readJobParts } from "../jobs/job-view";
import { RESULT_KEYS } from "../jobs/stored";
import { cpuOf, nowIso, type PipelineDeps } from "./deps";
import type { StageOutcome } from "./stage-step";

/**
 * The first step of every job, off the request path: the computed analyses, the prompt values
 * and the transcript's token count, stored once, and the first files (transcript and computed
 * analyses). Says what runs next: Stage A behind its barrier, or insights when no model is set.
 */
export async function prepareStep(task: { jobId: string }, deps: PipelineDeps): Promise<StageOutcome> {
  const { jobId } = task;
  const { input, prepared: stored } = await readJobParts(jobId, deps.store);
  let prepared = stored;
  if (!prepared) {
    prepared = await cpuOf(deps).prepare(input.transcript, nowIso(deps));
    // A retry after a crash may find it written already: the first one stands.
    if (!(await deps.store.putResultOnce(jobId, RESULT_KEYS.prepared, JSON.stringify(prepared)))) {
      prepared = (await readJobParts(jobId, deps.store)).prepared!;
    }
  }
  await Promise.all([
    deps.artifacts.write(jobId, "transcript.md", prepared.transcriptText),
    deps.artifacts.write(jobId, "transcript.json", JSON.stringify(input.transcript, null, 2)),
    deps.artifacts.write(jobId, "computed.json", JSON.stringify(prepared.computed, null, 2)),
  ]);
  return { next: tasksAfterPrepare(jobId, input.plan) };
}

/** Stage A behind its barrier, or straight to insights when no model is configured. */
export function tasksAfterPrepare(jobId: string, plan: JobPlan): NonNullable<StageOutcome["next"]> {
  if (!plan.llm.enabled) return { task: { name: "insights", jobId } };
  return {
    parent: { name: "close-stage", jobId, stage: "A" },
    children: plan.stages.A.map((a) => ({ name: "run-analyzer", jobId, stage: "A", analyzerId: a.id })),
  };
}
