import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import config from "../config/index";
import type { FunctionDeps } from "../shared/deps";
import session from "./index";
import { cookieOf, openSession, signedInSession } from "./session.test-helper";

const testDeps = useTestDeps();
async function setup(env: Record<string, string> = {}, overrides: Partial<FunctionDeps> = {}) {
  const t = await testDeps(env, overrides);
  return { ...t, app: session(t.deps) };
}

const TOKENS = { API_TOKENS: "alpha-token-1,beta-token-2" };
const signIn = (token: string, headers: Record<string, string>) => jsonRequest("POST", { token }, headers);

describe("GET /api/session", () => {
  it("makes a session with an httpOnly cookie and hands out its CSRF token", async () => {
    const { app } = await setup();
    const res = await app.request("/api/session");
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^ta_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(await res.json()).toEqual({
      ok: true,
      authRequired: false,
      authenticated: false,
      csrf: expect.stringMatching(/^[\w-]{20,}$/),
      hasApiKey: false,
      llm: { configured: false, model: "gpt-5-nano" },
      maxUploadBytes: 10 * 1024 * 1024,
    });
  });

  it("tells the page this server's upload limit", async () => {
    const { app } = await setup({ MAX_UPLOAD_BYTES: String(2 * 1024 * 1024) });
    expect((await (await app.request("/api/session")).json()).maxUploadBytes).toBe(2 * 1024 * 1024);
  });

  it("keeps the session it was given: same CSRF token, no new cookie", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const res = await app.request("/api/session", { headers: { cookie: s.cookie } });
    expect(res.headers.get("set-cookie")).toBeNull();
    expect((await res.json()).csrf).toBe(s.csrf);
  });

  it("makes a new session when the cookie's signature is forged", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const forged = s.cookie.replace(/.$/, (ch) => (ch === "A" ? "B" : "A"));
    const res = await app.request("/api/session", { headers: { cookie: forged } });
    expect(cookieOf(res)).toBeDefined();
    expect((await res.json()).csrf).not.toBe(s.csrf);
  });

  it("reports the configured model service", async () => {
    const { app } = await setup({ OPENAI_API_KEY: "sk-test-secret-abcd", OPENAI_MODEL: "gpt-4.1-mini" });
    const body = await (await app.request("/api/session")).json();
    expect(body.llm).toEqual({ configured: true, model: "gpt-4.1-mini" });
    expect(JSON.stringify(body)).not.toContain("sk-test-secret");
  });

  it("says sign-in is required when API tokens are configured, and answers without a token", async () => {
    const { app } = await setup(TOKENS);
    const res = await app.request("/api/session");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, authRequired: true, authenticated: false });
  });

  it("counts a bearer token caller as authenticated", async () => {
    const { app } = await setup(TOKENS);
    const res = await app.request("/api/session", { headers: { authorization: "Bearer beta-token-2" } });
    expect(await res.json()).toMatchObject({ authRequired: true, authenticated: true });
  });
});

describe("POST /api/session (sign in)", () => {
  it("signs the session in with a valid token, on a fresh session id and CSRF token", async () => {
    const { app, deps } = await setup(TOKENS);
    const s = await openSession(deps);
    const res = await app.request("/api/session", signIn("alpha-token-1", s.headers()));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ ok: true, authenticated: true, csrf: expect.any(String) });
    expect(body.csrf).not.toBe(s.csrf);
    const cookie = cookieOf(res);
    expect(cookie).toBeDefined();
    expect(cookie).not.toBe(s.cookie);

    const after = await (await app.request("/api/session", { headers: { cookie: cookie! } })).json();
    expect(after).toMatchObject({ authenticated: true, csrf: body.csrf });
    // The session id known before sign-in is gone: that cookie now gets a new session.
    const old = await app.request("/api/session", { headers: { cookie: s.cookie } });
    expect(cookieOf(old)).toBeDefined();
    expect(await old.json()).toMatchObject({ authenticated: false, csrf: expect.not.stringMatching(s.csrf) });
  });

  it("keeps the session's own API key across sign-in", async () => {
    const { app, deps } = await setup(TOKENS);
    const s = await openSession(deps);
    const stored = await deps.sessions.get(s.id);
    await deps.sessions.set(
      { ...stored!, encryptedApiKey: deps.secrets.encrypt("sk-own-0123456789"), apiKeyLast4: "6789" },
      600,
    );
    const res = await app.request("/api/session", signIn("alpha-token-1", s.headers()));
    const after = await app.request("/api/session", { headers: { cookie: cookieOf(res)! } });
    expect(await after.json()).toMatchObject({ authenticated: true, hasApiKey: true, apiKeyLast4: "6789" });
  });

  it("opens the protected API to the signed-in session, not to an anonymous one", async () => {
    const { deps } = await setup(TOKENS);
    const api = config(deps);
    expect((await api.request("/api/config")).status).toBe(401);
    const anonymous = await openSession(deps);
    expect((await api.request("/api/config", { headers: { cookie: anonymous.cookie } })).status).toBe(401);
    const signed = await signedInSession(deps, "beta-token-2");
    expect((await api.request("/api/config", { headers: { cookie: signed.cookie } })).status).toBe(200);
  });

  it("refuses a wrong token with 401 and changes nothing", async () => {
    const { app, deps } = await setup(TOKENS);
    const s = await openSession(deps);
    const res = await app.request("/api/session", signIn("alpha-token-2", s.headers()));
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
    expect(res.headers.get("set-cookie")).toBeNull();
    const after = await (await app.request("/api/session", { headers: { cookie: s.cookie } })).json();
    expect(after).toMatchObject({ authenticated: false, csrf: s.csrf });
  });

  it("answers 429 after 10 wrong tokens a minute from one address, even to the right token", async () => {
    const { app } = await setup(TOKENS, { clientAddress: (c) => c.req.header("x-test-address") });
    const from = (address: string) => ({ "x-test-address": address });
    for (let i = 0; i < 10; i++) {
      const res = await app.request("/api/session", signIn(`guess-${i}`, from("192.0.2.7")));
      expect(res.status).toBe(401);
    }
    const locked = await app.request("/api/session", signIn("alpha-token-1", from("192.0.2.7")));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await locked.json()).error.code).toBe("rate_limited");
    const other = await app.request("/api/session", signIn("alpha-token-1", from("198.51.100.3")));
    expect(other.status).toBe(200);
  });

  it("refuses a cookie session's sign-in without its X-CSRF-Token header", async () => {
    const { app, deps } = await setup(TOKENS);
    const s = await openSession(deps);
    const res = await app.request("/api/session", signIn("alpha-token-1", { cookie: s.cookie }));
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  });

  it("says there is nothing to sign in to when no tokens are configured", async () => {
    const { app } = await setup();
    const res = await app.request("/api/session", signIn("anything", {}));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/no API tokens/);
  });

  it("refuses a body without a token", async () => {
    const { app } = await setup(TOKENS);
    const res = await app.request("/api/session", jsonRequest("POST", {}));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "invalid_request", message: /token/ });
  });
});

describe("DELETE /api/session", () => {
  it("ends the session and clears its cookie", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const res = await app.request("/api/session", { method: "DELETE", headers: s.headers() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, authenticated: false });
    expect(res.headers.get("set-cookie")).toMatch(/^ta_session=;.*Max-Age=0/);
    const again = await app.request("/api/session", { headers: { cookie: s.cookie } });
    expect(cookieOf(again)).toBeDefined();
    expect((await again.json()).csrf).not.toBe(s.csrf);
  });

  it("signs a signed-in session out", async () => {
    const { app, deps } = await setup(TOKENS);
    const s = await signedInSession(deps, "alpha-token-1");
    await app.request("/api/session", { method: "DELETE", headers: s.headers() });
    const res = await config(deps).request("/api/config", { headers: { cookie: s.cookie } });
    expect(res.status).toBe(401);
  });

  it("refuses to end a cookie session without its X-CSRF-Token header", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const res = await app.request("/api/session", { method: "DELETE", headers: { cookie: s.cookie } });
    expect(res.status).toBe(403);
    const after = await app.request("/api/session", { headers: { cookie: s.cookie } });
    expect((await after.json()).csrf).toBe(s.csrf);
  });
});
