import { AppError, jobNotFound } from "../errors";
import { analyzerKey, isFinished, STAGES } from "../jobs/job";
import type { JobQueue } from "../ports";
import { nowIso, type PipelineDeps } from "./deps";
import { emit } from "./emit";

export interface CancelDeps extends Pick<PipelineDeps, "store" | "events" | "now"> {
  queue: Pick<JobQueue, "cancel">;
  /** Stops the job's calls in flight, where this process runs them (embedded mode). */
  abortJob?: (jobId: string) => void;
}

/**
 * Stops a job: marks it cancelled (every step checks this before calling the model), removes its
 * waiting tasks, aborts calls in flight where this host runs them, and says so to subscribers.
 */
export async function cancelJob(jobId: string, deps: CancelDeps): Promise<{ status: "cancelled" }> {
  const doc = await deps.store.get(jobId);
  if (!doc) throw jobNotFound(jobId);
  if (isFinished(doc.status))
    throw new AppError("conflict", `Job ${jobId} has already ended (${doc.status}).`);
  const now = nowIso(deps);
  await deps.store.patch(jobId, { status: "cancelled", finishedAt: now, updatedAt: now });
  await deps.queue.cancel(jobId);
  deps.abortJob?.(jobId);
  for (const stage of STAGES) {
    for (const [id, state] of Object.entries(doc.stages[stage].analyzers)) {
      if (state.status === "pending" || state.status === "running") {
        await deps.store.setAnalyzer(jobId, analyzerKey(stage, id), { ...state, status: "cancelled" });
      }
    }
  }
  await emit(deps, jobId, "job.cancelled", { status: "cancelled" });
  return { status: "cancelled" };
}
