import * as v from "valibot";
import type { JobRecord } from "../../core/jobs/job";
import type { JobStore } from "../../core/ports";

export const ListQuerySchema = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, "limit must be a whole number from 1 to 100"),
      v.transform(Number),
      v.minValue(1, "limit must be a whole number from 1 to 100"),
      v.maxValue(100, "limit must be a whole number from 1 to 100"),
    ),
    "20",
  ),
});

/** What the history shows of a job: enough for a list, nothing of its owner or plan. */
export type JobSummary = Pick<
  JobRecord,
  "jobId" | "status" | "createdAt" | "finishedAt" | "stage" | "totals"
> & {
  source: Omit<JobRecord["source"], "words">;
};

export function jobSummary(r: JobRecord): JobSummary {
  const { words: _words, ...source } = r.source;
  return {
    jobId: r.jobId,
    status: r.status,
    createdAt: r.createdAt,
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
    source,
    ...(r.stage ? { stage: r.stage } : {}),
    ...(r.totals ? { totals: r.totals } : {}),
  };
}

/** One owner's jobs, newest first. */
export async function listJobs(
  store: JobStore,
  options: { limit: number; owner: string },
): Promise<JobSummary[]> {
  const records = await store.list({ limit: options.limit, owner: options.owner });
  return records.map(jobSummary);
}
