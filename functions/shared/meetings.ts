import { AppError, jobNotFound } from "../../core/errors";
import type { JobRecord } from "../../core/jobs/job";
import type { SearchIndex } from "../../core/ports";
import type { FunctionDeps } from "./deps";
import type { Principal } from "./env";
import { jobIdFrom } from "./job-id";

/**
 * Whose meetings a caller reads: their own when API tokens are configured; everyone's (null) in
 * open mode, where the history is everyone's too.
 */
export const meetingOwner = (deps: FunctionDeps, principal: Principal): string | null =>
  deps.config.auth.tokens.length > 0 ? principal.owner : null;

/**
 * The job of a meeting the caller may read (anyone's in open mode); 404 to everyone else. The same
 * check as functions/jobs' ownedJob, here because a function never imports another's code (issue 10's
 * authorizeJob is to replace both).
 */
export async function ownedMeeting(
  deps: FunctionDeps,
  principal: Principal,
  jobId: string,
): Promise<JobRecord> {
  const owner = meetingOwner(deps, principal);
  const record = await deps.store.record(jobId);
  if (!record || (owner !== null && record.owner !== owner)) throw jobNotFound(jobId);
  return record;
}

/** Meetings a request names (a meeting is its job's id): each must be the caller's, else 404. */
export async function ownedMeetings(
  deps: FunctionDeps,
  principal: Principal,
  ids: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(ids.map((id) => jobIdFrom(id)))];
  await Promise.all(unique.map((id) => ownedMeeting(deps, principal, id)));
  return unique;
}

/** The meetings' full-text index; every host has one (it lives in the SQL store). */
export function searchIndexOf(deps: FunctionDeps): SearchIndex {
  if (!deps.search) throw new AppError("store_unavailable", "Search is not available on this host.");
  return deps.search;
}
