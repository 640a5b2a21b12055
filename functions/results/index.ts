import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { jobIdFrom } from "../shared/job-id";
import { jobInsights, jobResults } from "./model";

/** GET /api/results/:jobId (every output) and GET /api/insights/:jobId (actions, decisions, risks). */
const results: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.get("/api/results/:jobId", async (c) =>
    c.json({ ok: true, ...(await jobResults(jobIdFrom(c.req.param("jobId")), deps)) }),
  );
  app.get("/api/insights/:jobId", async (c) =>
    c.json({ ok: true, ...(await jobInsights(jobIdFrom(c.req.param("jobId")), deps)) }),
  );
  return app;
};

export default results;
