import type { Context, MiddlewareHandler } from "hono";
import { jobNotFound } from "../../core/errors";
import { type JobRecord, ownerOfJob } from "../../core/jobs/job";
import { isShareToken, shareIdOf } from "../../core/jobs/share-link";
import type { FunctionDeps } from "./deps";
import type { AppEnv, Principal } from "./env";
import { jobIdFrom } from "./job-id";

/**
 * What a route does with a job: `read` it (its owner, or anyone holding one of its share links)
 * or act as its `owner` (cancel, make or revoke links; a share link never does that).
 */
export type JobAccess = "read" | "owner";

/** Where a share link's token comes with a request: `?share=` (links, EventSource) or a header. */
export const SHARE_QUERY = "share";
export const SHARE_HEADER = "x-share-token";

export { ownerOfJob } from "../../core/jobs/job";

export const ownsJob = (principal: Principal, record: Pick<JobRecord, "owner">): boolean =>
  ownerOfJob(record) === principal.owner;

/**
 * The one place that decides whether the caller may see a job: every route that names one calls
 * it. Anyone but the owner (or, to read, a holder of a live share link of this very job) gets the
 * same 404 as for a job that does not exist, so an id reveals nothing.
 */
export async function authorizeJob(
  c: Context<AppEnv>,
  deps: Pick<FunctionDeps, "store" | "shares">,
  jobId: string,
  access: JobAccess = "read",
): Promise<JobRecord> {
  const record = await deps.store.record(jobId);
  if (!record) throw jobNotFound(jobId);
  if (ownsJob(c.get("principal"), record)) return record;
  if (access === "read") {
    const token = c.req.query(SHARE_QUERY) ?? c.req.header(SHARE_HEADER);
    if (isShareToken(token) && (await deps.shares.get(shareIdOf(token)))?.jobId === jobId) return record;
  }
  throw jobNotFound(jobId);
}

/**
 * A route of the `:jobId` in its path that only the job's owner may use, checked before its body
 * is, so another caller learns nothing from a 400.
 */
export const jobOwnerOnly =
  (deps: Pick<FunctionDeps, "store" | "shares">): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    await authorizeJob(c, deps, jobIdFrom(c.req.param("jobId") ?? ""), "owner");
    await next();
  };
