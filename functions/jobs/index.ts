import { deleteJob } from "../../core/pipeline/delete-job";
import { retryJob } from "../../core/pipeline/retry-job";
import { createApp, requireDestructive } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { authorizeJob } from "../shared/job-access";
import { jobIdFrom } from "../shared/job-id";
import { validate } from "../shared/validate";
import { DeleteSchema, ListQuerySchema, listJobs } from "./model";

/**
 * Job history, kept until deleted: the caller's own jobs, newest first, a page at a time; deleting
 * one for good; retrying one a stop interrupted. The owner is the token's (whichever client signs
 * in with it), the browser session's in open mode, or the one user's of a shared install; the
 * delete and the retry ask authorizeJob like every route that names a job.
 */
const jobs: HttpFunction = (deps) => {
  const app = createApp(deps);

  app.get("/api/jobs", validate("query", ListQuerySchema), async (c) => {
    const query = c.req.valid("query");
    const page = await listJobs(deps.store, { ...query, owner: c.get("principal").owner });
    return c.json({ ok: true, ...page });
  });

  app.get("/api/jobs/latest", async (c) => {
    const {
      jobs: [job],
    } = await listJobs(deps.store, { limit: 1, owner: c.get("principal").owner });
    return c.json({ ok: true, job: job ?? null });
  });

  app.delete("/api/jobs/:jobId", validate("json", DeleteSchema), async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    const principal = c.get("principal");
    await authorizeJob(c, deps, jobId, "owner");
    requireDestructive(principal, deps, c.req.valid("json").confirm, jobId);
    await deleteJob(jobId, deps);
    deps.log.info({ jobId, requestId: c.get("requestId"), owner: principal.owner }, "job deleted");
    return c.json({ ok: true, jobId, deleted: true });
  });

  app.post("/api/jobs/:jobId/retry", async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    await authorizeJob(c, deps, jobId, "owner");
    const outcome = await retryJob(jobId, deps);
    deps.log.info({ jobId, requestId: c.get("requestId"), missing: outcome.missing }, "job retried");
    return c.json({ ok: true, jobId, ...outcome }, 202);
  });
  return app;
};

export default jobs;
