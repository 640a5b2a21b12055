import { jobNotFound } from "../../core/errors";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { jobIdFrom } from "../shared/job-id";

/** The job's status document: per stage, per analyzer status, time, tokens, cost and errors. */
const status: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.get("/api/status/:jobId", async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    const doc = await deps.store.get(jobId);
    if (!doc) throw jobNotFound(jobId);
    return c.json({ ok: true, ...doc });
  });
  return app;
};

export default status;
