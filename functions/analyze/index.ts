import { AppError } from "../../core/errors";
import { AnalyzeRequestSchema } from "../../core/pipeline/request";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { validate } from "../shared/validate";
import { submitAnalysis } from "./model";

/** POST /api/analyze: validate, store the job, queue it, answer at once with its id. */
const analyze: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.post("/api/analyze", validate("json", AnalyzeRequestSchema), async (c) => {
    const principal = c.get("principal");
    if (deps.config.ratePerHour > 0) {
      const limit = await deps.limiter.hit(`analyze:${principal.owner}`, deps.config.ratePerHour, 3600);
      if (!limit.allowed) {
        c.header("Retry-After", String(limit.resetSeconds));
        throw new AppError(
          "rate_limited",
          `At most ${deps.config.ratePerHour} analyses an hour; try again in ${Math.ceil(limit.resetSeconds / 60)} minutes.`,
        );
      }
    }
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
