import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { validate } from "../shared/validate";
import { ListQuerySchema, listJobs } from "./model";

/**
 * Job history: the caller's own jobs, newest first. The owner is the token's (whichever client
 * signs in with it), the browser session's in open mode, or the one user's of a shared install.
 */
const jobs: HttpFunction = (deps) => {
  const app = createApp(deps);

  app.get("/api/jobs", validate("query", ListQuerySchema), async (c) => {
    const { limit } = c.req.valid("query");
    const list = await listJobs(deps.store, { limit, owner: c.get("principal").owner });
    return c.json({ ok: true, jobs: list });
  });

  app.get("/api/jobs/latest", async (c) => {
    const [job] = await listJobs(deps.store, { limit: 1, owner: c.get("principal").owner });
    return c.json({ ok: true, job: job ?? null });
  });
  return app;
};

export default jobs;
