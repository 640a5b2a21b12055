import type { AnalyzerStatus, JobRecord, JobStatus } from "../../../../core/jobs/job";

/** How the page names statuses and jobs, wherever it shows them. */

export const JOB_STATUS_WORDS: Record<JobStatus, string> = {
  queued: "Queued",
  running: "Running",
  completed: "Completed",
  error: "Failed",
  cancelled: "Cancelled",
  interrupted: "Interrupted",
};

export const STEP_STATUS_WORDS: Record<AnalyzerStatus, string> = {
  pending: "Waiting",
  running: "Running",
  completed: "Done",
  error: "Failed",
  skipped: "Skipped",
  cancelled: "Cancelled",
};

/** A job's name: its transcript's title, else the file's name. */
export const jobTitle = (source: Pick<JobRecord["source"], "title" | "fileName">) =>
  source.title || source.fileName || "Pasted transcript";
