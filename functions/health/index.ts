import type { Context } from "hono";
import { type AppEnv, createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";

/** Liveness and readiness: 200 when the service can take work, 503 (same body) when Redis is down. */
const health: HttpFunction = (deps) => {
  const app = createApp(deps);
  const handler = async (c: Context<AppEnv>) => {
    const report = await deps.health();
    return c.json({ ...report, version: deps.config.version }, report.ok ? 200 : 503);
  };
  app.get("/health", handler);
  app.get("/api/health", handler);
  return app;
};

export default health;
