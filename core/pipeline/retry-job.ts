import { AppError, jobNotFound } from "../errors";
import type { JobQueue } from "../ports";
import { firstTask } from "./create-job";
import { nowIso, type PipelineDeps } from "./deps";
import { emit } from "./emit";

export interface RetryDeps extends Pick<PipelineDeps, "store" | "events" | "now"> {
  queue: Pick<JobQueue, "enqueue">;
}

/**
 * Runs again what an interruption left of a job. Its steps skip what they stored already, so a
 * finished analyzer is read back, never paid for twice; only what is missing calls the model.
 */
export async function retryJob(
  jobId: string,
  deps: RetryDeps,
): Promise<{ status: "queued"; missing: number }> {
  const doc = await deps.store.get(jobId);
  if (!doc) throw jobNotFound(jobId);
  if (doc.status !== "interrupted")
    throw new AppError("conflict", `Job ${jobId} is ${doc.status}; only an interrupted job can be retried.`);
  const now = nowIso(deps);
  const requeued = await deps.store.patch(
    jobId,
    { status: "queued", updatedAt: now, finishedAt: undefined },
    { ifStatus: "interrupted" },
  );
  if (!requeued) throw new AppError("conflict", `Job ${jobId} is being retried already.`);
  const missing = (["A", "B", "final"] as const)
    .flatMap((stage) => Object.values(doc.stages[stage].analyzers))
    .filter((a) => a.status !== "completed" && a.status !== "skipped").length;
  await emit(deps, jobId, "job.queued", { queuedAt: now, analyzers: doc.plan, llm: doc.llm });
  await deps.queue.enqueue(firstTask(jobId));
  return { status: "queued", missing };
}
