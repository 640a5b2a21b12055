import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { authorizeJob } from "../shared/job-access";
import { jobIdFrom } from "../shared/job-id";
import { SegmentPageQuerySchema } from "../shared/lists";
import { validate } from "../shared/validate";
import { jobInsights, jobResults } from "./model";

/** GET /api/results/:jobId (every output) and GET /api/insights/:jobId (actions, decisions, risks). */
const results: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.get("/api/results/:jobId", validate("query", SegmentPageQuerySchema), async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    await authorizeJob(c, deps, jobId);
    return c.json({ ok: true, ...(await jobResults(jobId, c.req.valid("query"), deps)) });
  });
  app.get("/api/insights/:jobId", async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    await authorizeJob(c, deps, jobId);
    return c.json({ ok: true, ...(await jobInsights(jobId, deps)) });
  });
  return app;
};

export default results;
