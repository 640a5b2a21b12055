import { InputError } from "../../core/errors";
import { isJobId } from "../../core/jobs/job-id";

/** A job id from a path or query, checked before it reaches a store or the file system. */
export function jobIdFrom(value: string | undefined): string {
  if (!isJobId(value)) {
    throw new InputError("invalid_request", `"${String(value ?? "").slice(0, 60)}" is not a job id.`, {
      details: { path: "jobId" },
    });
  }
  return value;
}
