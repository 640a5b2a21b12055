import { AppError } from "../../core/errors";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";

/** Prometheus metrics, when the host keeps a registry (`deps.metrics`). */
const metrics: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.get("/metrics", async (c) => {
    if (!deps.metrics) throw new AppError("not_found", "Metrics are not enabled in this host.");
    return c.body(await deps.metrics.render(), 200, { "Content-Type": deps.metrics.contentType });
  });
  return app;
};

export default metrics;
