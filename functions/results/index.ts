import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { authorizeJob } from "../shared/job-access";
import { jobIdFrom } from "../shared/job-id";
import { jobInsights, jobResults } from "./model";

/** GET /api/results/:jobId (every output) and GET /api/insights/:jobId (actions, decisions, risks). */
const results: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.get("/api/results/:jobId", async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    await authorizeJob(c, deps, jobId);
    return c.json({ ok: true, ...(await jobResults(jobId, deps)) });
  });
  app.get("/api/insights/:jobId", async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    await authorizeJob(c, deps, jobId);
    return c.json({ ok: true, ...(await jobInsights(jobId, deps)) });
  });
  return app;
};

export default results;
