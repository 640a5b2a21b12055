import { deleteJob } from "../../core/pipeline/delete-job";
import { retryJob } from "../../core/pipeline/retry-job";
import { createApp, requireDestructive } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { jobIdFrom } from "../shared/job-id";
import { validate } from "../shared/validate";
import { DeleteSchema, ListQuerySchema, listJobs, ownedJob } from "./model";

/**
 * Job history, kept until deleted: the caller's jobs (every job in open mode), newest first, a page
 * at a time; deleting one for good; retrying one a stop interrupted.
 */
const jobs: HttpFunction = (deps) => {
  const app = createApp(deps);
  const ownerOf = (owner: string) => (deps.config.auth.tokens.length > 0 ? owner : undefined);

  app.get("/api/jobs", validate("query", ListQuerySchema), async (c) => {
    const query = c.req.valid("query");
    const page = await listJobs(deps.store, { ...query, owner: ownerOf(c.get("principal").owner) });
    return c.json({ ok: true, ...page });
  });

  app.get("/api/jobs/latest", async (c) => {
    const {
      jobs: [job],
    } = await listJobs(deps.store, { limit: 1, owner: ownerOf(c.get("principal").owner) });
    return c.json({ ok: true, job: job ?? null });
  });

  app.delete("/api/jobs/:jobId", validate("json", DeleteSchema), async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    const principal = c.get("principal");
    await ownedJob(deps.store, jobId, ownerOf(principal.owner));
    requireDestructive(principal, deps, c.req.valid("json").confirm, jobId);
    await deleteJob(jobId, deps);
    deps.log.info({ jobId, requestId: c.get("requestId"), owner: principal.owner }, "job deleted");
    return c.json({ ok: true, jobId, deleted: true });
  });

  app.post("/api/jobs/:jobId/retry", async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    await ownedJob(deps.store, jobId, ownerOf(c.get("principal").owner));
    const outcome = await retryJob(jobId, deps);
    deps.log.info({ jobId, requestId: c.get("requestId"), missing: outcome.missing }, "job retried");
    return c.json({ ok: true, jobId, ...outcome }, 202);
  });
  return app;
};

export default jobs;
