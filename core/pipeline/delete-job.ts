import { jobNotFound } from "../errors";
import type { JobQueue } from "../ports";
import type { PipelineDeps } from "./deps";

export interface DeleteDeps extends Pick<PipelineDeps, "store" | "events" | "artifacts"> {
  queue: Pick<JobQueue, "cancel">;
  abortJob?: (jobId: string) => void;
}

/**
 * Deletes a job for good: its waiting tasks and calls in flight are stopped first, then the job,
 * its meeting and results, its events and its files are removed.
 */
export async function deleteJob(jobId: string, deps: DeleteDeps): Promise<{ deleted: true }> {
  if (!(await deps.store.record(jobId))) throw jobNotFound(jobId);
  await deps.queue.cancel(jobId);
  deps.abortJob?.(jobId);
  await deps.store.delete(jobId);
  await Promise.all([deps.events.remove(jobId), deps.artifacts.remove(jobId)]);
  return { deleted: true };
}

/**
 * Retention: deletes the jobs created more than `days` days ago that are no longer queued or
 * running, a batch at a time. Returns how many went.
 */
export async function deleteOlderThan(
  days: number,
  deps: DeleteDeps & Pick<PipelineDeps, "now">,
  batch = 100,
): Promise<number> {
  const cutoff = new Date((deps.now?.() ?? new Date()).getTime() - days * 86_400_000).toISOString();
  let deleted = 0;
  for (;;) {
    const ids = await deps.store.createdBefore(cutoff, batch);
    for (const id of ids) {
      await deps.store.delete(id);
      await Promise.all([deps.events.remove(id), deps.artifacts.remove(id)]);
    }
    deleted += ids.length;
    if (ids.length < batch) return deleted;
  }
}
