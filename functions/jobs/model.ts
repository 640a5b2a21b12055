import * as v from "valibot";
import { type JobSummary, jobSummary } from "../../core/jobs/job-summary";
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

/**
 * The newest jobs first. `owner` narrows them to one caller's jobs; it is set when API tokens
 * are configured, and left out in open mode, where every job is everyone's.
 */
export async function listJobs(
  store: JobStore,
  options: { limit: number; owner: string | undefined },
): Promise<JobSummary[]> {
  const records = await store.list(
    options.owner === undefined ? { limit: options.limit } : { limit: options.limit, owner: options.owner },
  );
  return records.map(jobSummary);
}
