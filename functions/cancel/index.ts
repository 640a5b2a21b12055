import { cancelJob } from "../../core/pipeline/cancel-job";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { authorizeJob } from "../shared/job-access";
import { jobIdFrom } from "../shared/job-id";

/** POST /api/jobs/:jobId/cancel */
const cancel: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.post("/api/jobs/:jobId/cancel", async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    await authorizeJob(c, deps, jobId, "owner");
    const outcome = await cancelJob(jobId, deps);
    deps.log.info({ jobId, requestId: c.get("requestId") }, "job cancelled");
    return c.json({ ok: true, jobId, ...outcome });
  });
  return app;
};

export default cancel;
