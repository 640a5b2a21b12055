import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";

/** GET /api/config: the effective configuration, secrets masked by the host when it built it. */
const config: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.get("/api/config", (c) => c.json({ ok: true, config: deps.config.publicConfig }));
  return app;
};

export default config;
