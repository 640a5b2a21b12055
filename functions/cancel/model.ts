import { AppError, jobNotFound } from "../../core/errors";
import { STAGES } from "../../core/jobs/job";
import type { FunctionDeps } from "../shared/deps";

const FINISHED = new Set(["completed", "error", "cancelled"]);

/**
 * Stops a job: marks it cancelled (every step checks this before calling the model), removes its
 * waiting tasks, aborts calls in flight where this host runs them, and says so to subscribers.
 */
export async function cancelJob(jobId: string, deps: FunctionDeps): Promise<{ status: "cancelled" }> {
  const doc = await deps.store.get(jobId);
  if (!doc) throw jobNotFound(jobId);
  if (FINISHED.has(doc.status))
    throw new AppError("conflict", `Job ${jobId} has already ended (${doc.status}).`);
  const now = new Date().toISOString();
  await deps.store.patch(jobId, { status: "cancelled", finishedAt: now, updatedAt: now });
  await deps.queue.cancel(jobId);
  deps.abortJob?.(jobId);
  for (const stage of STAGES) {
    for (const [id, state] of Object.entries(doc.stages[stage].analyzers)) {
      if (state.status === "pending" || state.status === "running") {
        await deps.store.setAnalyzer(jobId, `${stage}.${id}`, { ...state, status: "cancelled" });
      }
    }
  }
  await deps.events.publish({ type: "job.cancelled", jobId, ts: now, data: { status: "cancelled" } });
  return { status: "cancelled" };
}
