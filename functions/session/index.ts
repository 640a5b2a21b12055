import { deleteCookie } from "hono/cookie";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { describeSession, ensureSession, SESSION_COOKIE } from "../shared/session";
import { validate } from "../shared/validate";
import { checkSignIn, SignInSchema, startSignedInSession } from "./model";

/**
 * The web UI's session: GET makes one and hands out its CSRF token, POST signs it in with an API
 * token (when the server requires one), DELETE ends it.
 */
const session: HttpFunction = (deps) => {
  const app = createApp(deps);

  app.get("/api/session", async (c) => {
    const current = await ensureSession(c, deps);
    return c.json({ ok: true, ...describeSession(current, c.get("principal"), deps) });
  });

  app.post("/api/session", validate("json", SignInSchema), async (c) => {
    await checkSignIn(c, c.req.valid("json").token, deps);
    const signedIn = await startSignedInSession(c, deps);
    deps.log.info({ requestId: c.get("requestId"), session: signedIn.id.slice(0, 12) }, "signed in");
    return c.json({ ok: true, authenticated: true, csrf: signedIn.csrf });
  });

  app.delete("/api/session", async (c) => {
    const current = c.get("session");
    if (current) await deps.sessions.delete(current.id);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.json({ ok: true, authenticated: false });
  });

  return app;
};

export default session;
