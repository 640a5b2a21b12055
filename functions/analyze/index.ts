import { AnalyzeRequestSchema } from "../../core/pipeline/request";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { limitAnalyses } from "../shared/rate-limit";
import { validate } from "../shared/validate";
import { submitAnalysis } from "./model";

/** POST /api/analyze: validate, store the job, queue it, answer at once with its id. */
const analyze: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.post("/api/analyze", validate("json", AnalyzeRequestSchema), async (c) => {
    await limitAnalyses(c, deps);
    const principal = c.get("principal");
    const { jobId, queuedAt } = await submitAnalysis(
      c.req.valid("json"),
      { owner: principal.owner, session: c.get("session") },
      deps,
    );
    deps.log.info({ jobId, requestId: c.get("requestId"), owner: principal.owner }, "job queued");
    c.header("Location", `/api/status/${jobId}`);
    return c.json(
      {
        ok: true,
        jobId,
        queuedAt,
        statusUrl: `/api/status/${jobId}`,
        eventsUrl: `/api/jobs/${jobId}/events`,
      },
      202,
    );
  });
  return app;
};

export default analyze;
