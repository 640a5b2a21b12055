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
  ...(link.expiresAt ? { expiresAt: link.expiresAt } : {}),
});

/**
 * A new read-only link to the job: until revoked or the job deleted, or for `expiresInDays` when
 * the owner gives an end. The token is in this answer only; the store keeps its hash.
 */
export async function createShareLink(
  shares: ShareStore,
  record: JobRecord,
  options: { expiresInDays?: number | undefined; now: Date },
) {
  if ((await shares.list(record.jobId)).length >= MAX_LINKS_PER_JOB)
    throw new AppError("conflict", `A job has at most ${MAX_LINKS_PER_JOB} share links; revoke one first.`);
  const token = newShareToken();
  const link: ShareLink = {
    id: shareIdOf(token),
    jobId: record.jobId,
    owner: ownerOfJob(record),
    createdAt: options.now.toISOString(),
    ...(options.expiresInDays
      ? { expiresAt: new Date(options.now.getTime() + options.expiresInDays * 86_400_000).toISOString() }
      : {}),
  };
  await shares.put(link);
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
