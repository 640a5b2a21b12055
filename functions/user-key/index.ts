import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { ensureSession, keyState } from "../shared/session";
import { validate } from "../shared/validate";
import { checkApiKey, removeApiKey, SaveKeySchema, saveApiKey, ValidateKeySchema } from "./model";

/** A session's own OpenAI key: stored encrypted, used by the jobs that session starts, never shown again. */
const userKey: HttpFunction = (deps) => {
  const app = createApp(deps);

  app.get("/api/user/key", (c) => c.json({ ok: true, ...keyState(c.get("session")) }));

  app.post("/api/user/key", validate("json", SaveKeySchema), async (c) => {
    const session = await ensureSession(c, deps);
    const saved = await saveApiKey(session, c.req.valid("json"), deps);
    deps.log.info(
      { requestId: c.get("requestId"), session: session.id.slice(0, 12), validated: saved.validated },
      "session API key saved",
    );
    return c.json({ ok: true, ...saved });
  });

  app.delete("/api/user/key", async (c) => {
    await removeApiKey(c.get("session"), deps);
    return c.json({ ok: true, hasKey: false });
  });

  app.post("/api/user/key/validate", validate("json", ValidateKeySchema), async (c) => {
    const check = await checkApiKey(c.req.valid("json").apiKey, c.get("session"), deps);
    return c.json({ ok: true, ...check });
  });

  return app;
};

export default userKey;
