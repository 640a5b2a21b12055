import { AppError, jobNotFound } from "../../core/errors";
import type { JobRecord } from "../../core/jobs/job";
import type { SearchIndex } from "../../core/ports";
import type { FunctionDeps } from "./deps";
import type { Principal } from "./env";
import { ownsJob } from "./job-access";
import { jobIdFrom } from "./job-id";

/**
 * The job of a meeting the caller owns; 404 to everyone else, by the rule every job route uses
 * (`ownsJob`). Share links read a job's pages, not its meeting's search, questions or names.
 */
export async function ownedMeeting(
  deps: FunctionDeps,
  principal: Principal,
  jobId: string,
): Promise<JobRecord> {
  const record = await deps.store.record(jobId);
  if (!record || !ownsJob(principal, record)) throw jobNotFound(jobId);
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

/** The analyst's system message, which questions and syntheses across meetings are asked with. */
export async function analystSystem(deps: Pick<FunctionDeps, "prompts">): Promise<string> {
  const system = (await deps.prompts.list()).find((p) => p.id === "analyst" && p.stage === "system");
  return system?.body ?? "You are a careful meeting analyst.";
}
