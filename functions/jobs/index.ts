import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { validate } from "../shared/validate";
import { ListQuerySchema, listJobs } from "./model";

/** Job history: the caller's jobs (every job in open mode), newest first. */
const jobs: HttpFunction = (deps) => {
  const app = createApp(deps);
  const ownerOf = (owner: string) => (deps.config.auth.tokens.length > 0 ? owner : undefined);

  app.get("/api/jobs", validate("query", ListQuerySchema), async (c) => {
    const { limit } = c.req.valid("query");
    const list = await listJobs(deps.store, { limit, owner: ownerOf(c.get("principal").owner) });
    return c.json({ ok: true, jobs: list });
  });

  app.get("/api/jobs/latest", async (c) => {
    const [job] = await listJobs(deps.store, { limit: 1, owner: ownerOf(c.get("principal").owner) });
    return c.json({ ok: true, job: job ?? null });
  });
  return app;
};

export default jobs;
