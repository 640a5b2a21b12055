import type { JobRecord } from "./job";

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
