import * as v from "valibot";
import { jobNotFound } from "../../core/errors";
import { JOB_STATUSES, type JobRecord } from "../../core/jobs/job";
import { type JobSummary, jobSummary } from "../../core/jobs/job-summary";
import type { JobStore } from "../../core/ports";

const LIMIT_MESSAGE = "limit must be a whole number from 1 to 100";

export const ListQuerySchema = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, LIMIT_MESSAGE),
      v.transform(Number),
      v.minValue(1, LIMIT_MESSAGE),
      v.maxValue(100, LIMIT_MESSAGE),
    ),
    "20",
  ),
  /** `nextCursor` of the page before. */
  cursor: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,300}$/, "cursor must be the nextCursor of the page before")),
  ),
  status: v.optional(v.picklist(JOB_STATUSES, `status must be one of ${JOB_STATUSES.join(", ")}`)),
  /** Text the title (or the file name) contains. */
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, "q has at most 200 characters"))),
});
export type ListQuery = v.InferOutput<typeof ListQuerySchema>;

export const DeleteSchema = v.object(
  { confirm: v.optional(v.string()) },
  'send {"confirm": "<jobId>"} to delete the job for good',
);

/**
 * A page of the history, newest first. `owner` narrows it to one caller's jobs; it is set when API
 * tokens are configured, and left out in open mode, where every job is everyone's.
 */
export async function listJobs(
  store: JobStore,
  query: Partial<ListQuery> & { limit: number; owner: string | undefined },
): Promise<{ jobs: JobSummary[]; nextCursor: string | null }> {
  const page = await store.list({
    limit: query.limit,
    ...(query.owner !== undefined ? { owner: query.owner } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.q ? { text: query.q } : {}),
  });
  return { jobs: page.jobs.map(jobSummary), nextCursor: page.nextCursor ?? null };
}

/** The job, when `owner` may act on it (anyone in open mode); unknown to everyone else (404). */
export async function ownedJob(
  store: JobStore,
  jobId: string,
  owner: string | undefined,
): Promise<JobRecord> {
  const record = await store.record(jobId);
  if (!record || (owner !== undefined && record.owner !== owner)) throw jobNotFound(jobId);
  return record;
}
