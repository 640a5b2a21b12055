import { AppError } from "../../core/errors";
import type { JobRecord } from "../../core/jobs/job";
import { newShareToken, type ShareLink, shareIdOf } from "../../core/jobs/share-link";
import type { ShareStore } from "../../core/ports";
import { ownerOfJob, SHARE_QUERY } from "../shared/job-access";

/** Links per job at once; more says to revoke one first. */
export const MAX_LINKS_PER_JOB = 20;

/** What an owner sees of a link: never the token again after it was made. */
export const describeLink = (link: ShareLink) => ({
  id: link.id,
  jobId: link.jobId,
  createdAt: link.createdAt,
});

/**
 * A new read-only link to the job, alive as long as the job's state is kept (`ttlSeconds`). The
 * token is in this answer only; the store keeps its hash.
 */
export async function createShareLink(
  shares: ShareStore,
  record: JobRecord,
  options: { ttlSeconds: number; now: Date },
) {
  if ((await shares.list(record.jobId)).length >= MAX_LINKS_PER_JOB)
    throw new AppError("conflict", `A job has at most ${MAX_LINKS_PER_JOB} share links; revoke one first.`);
  const token = newShareToken();
  const link: ShareLink = {
    id: shareIdOf(token),
    jobId: record.jobId,
    owner: ownerOfJob(record),
    createdAt: options.now.toISOString(),
  };
  await shares.put(link, options.ttlSeconds);
  const query = `${SHARE_QUERY}=${token}`;
  return {
    ...describeLink(link),
    token,
    pageUrl: `/?${query}#/jobs/${record.jobId}`,
    statusUrl: `/api/status/${record.jobId}?${query}`,
    resultsUrl: `/api/results/${record.jobId}?${query}`,
  };
}

/** Ends one of the job's links; a link of another job (or none) is not found. */
export async function revokeShareLink(shares: ShareStore, jobId: string, id: string): Promise<void> {
  const link = await shares.get(id);
  if (link?.jobId !== jobId)
    throw new AppError("not_found", `Job ${jobId} has no share link ${id.slice(0, 12)}….`);
  await shares.delete(id);
}
