import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import analyze from "../analyze/index";
import { openSession, signedInSession } from "../session/session.test-helper";
import type { FunctionDeps, Logger } from "../shared/deps";
import userKey from "./index";

const testDeps = useTestDeps();
async function setup(env: Record<string, string> = {}, overrides: Partial<FunctionDeps> = {}) {
  const t = await testDeps(env, overrides);
  return { ...t, app: userKey(t.deps) };
}

const KEY = "sk-good-0123456789abcdefWXYZ";
const TOKENS = { API_TOKENS: "alpha-token-1" };
const llm = useLlmDouble();

/** A logger that keeps every line, to check what reaches the logs. */
function recordingLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (obj: object, msg?: string) => {
    lines.push(JSON.stringify({ obj, msg }));
  };
  return { log: { debug: keep, info: keep, warn: keep, error: keep }, lines };
}

/** A service that accepts every key and notes which it was asked about. */
const acceptAll =
  (checked: string[]): FunctionDeps["validateApiKey"] =>
  async (key) => {
    checked.push(key);
    return { ok: true };
  };

describe("GET /api/user/key", () => {
  it("says there is no key before one is saved", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const res = await app.request("/api/user/key", { headers: { cookie: s.cookie } });
    expect(await res.json()).toEqual({ ok: true, hasKey: false });
    expect(await (await app.request("/api/user/key")).json()).toEqual({ ok: true, hasKey: false });
  });
});

describe("POST /api/user/key", () => {
  it("stores the key encrypted in the session and shows only its last four characters", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const res = await app.request("/api/user/key", jsonRequest("POST", { apiKey: KEY }, s.headers()));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, hasKey: true, last4: "WXYZ", validated: false });

    const stored = await deps.sessions.get(s.id);
    expect(stored?.encryptedApiKey).toBeDefined();
    expect(stored?.encryptedApiKey).not.toContain(KEY);
    expect(deps.secrets.decrypt(stored!.encryptedApiKey!)).toBe(KEY);

    const after = await app.request("/api/user/key", { headers: { cookie: s.cookie } });
    expect(await after.json()).toEqual({ ok: true, hasKey: true, last4: "WXYZ" });
  });

  it("never puts the key in a response body, header or log line", async () => {
    const { log, lines } = recordingLog();
    // Some services quote the key they refuse; that must not reach the caller either.
    const validateApiKey: FunctionDeps["validateApiKey"] = async (key) =>
      key.startsWith("sk-good")
        ? { ok: true }
        : { ok: false, code: "llm_auth", message: `Incorrect API key provided: ${key}.` };
    const { app, deps } = await setup({}, { log, validateApiKey });
    const s = await openSession(deps);
    const seen: string[] = [];
    const call = async (path: string, init?: RequestInit) => {
      const res = await app.request(path, init);
      seen.push(await res.text(), JSON.stringify([...res.headers.entries()]));
    };
    await call("/api/user/key", jsonRequest("POST", { apiKey: KEY, validate: true }, s.headers()));
    await call("/api/user/key", { headers: { cookie: s.cookie } });
    await call("/api/user/key/validate", jsonRequest("POST", {}, s.headers()));
    await call("/api/user/key/validate", jsonRequest("POST", { apiKey: KEY }, s.headers()));
    await call("/api/user/key", jsonRequest("POST", { apiKey: `${KEY} x` }, s.headers()));
    await call(
      "/api/user/key",
      jsonRequest("POST", { apiKey: "sk-bad-0123456789", validate: true }, s.headers()),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [...seen, ...lines]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain("sk-bad-0123456789");
    }
  });

  it("asks the service first when validate is true, and says so", async () => {
    const checked: string[] = [];
    const { app, deps } = await setup({}, { validateApiKey: acceptAll(checked) });
    const s = await openSession(deps);
    const res = await app.request(
      "/api/user/key",
      jsonRequest("POST", { apiKey: KEY, validate: true }, s.headers()),
    );
    expect(await res.json()).toMatchObject({ ok: true, hasKey: true, validated: true });
    expect(checked).toEqual([KEY]);
  });

  it("refuses a key the service rejects, with the service's reason, and stores nothing", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const res = await app.request(
      "/api/user/key",
      jsonRequest("POST", { apiKey: "sk-refused-0123456789", validate: true }, s.headers()),
    );
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toMatch(/The service refused this key/);
    const after = await app.request("/api/user/key", { headers: { cookie: s.cookie } });
    expect((await after.json()).hasKey).toBe(false);
  });

  it.each([
    ["an empty key", "", /empty/],
    ["a key with a space", "sk-abc def-0123456789", /spaces/],
    ["a key with a line break", "sk-abcdef-0123456789\n", /line breaks/],
    ["a key with a control character", "sk-abc\u0007def-0123456789", /control/],
    ["a key over 300 characters", `sk-${"a".repeat(300)}`, /300/],
    ["a key that is not a string", 12345678, /string/],
  ])("refuses %s with a 400 that does not repeat it", async (_what, apiKey, message) => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const res = await app.request("/api/user/key", jsonRequest("POST", { apiKey }, s.headers()));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "invalid_request", message });
    if (String(apiKey).length > 0) expect(JSON.stringify(body)).not.toContain(String(apiKey).slice(3, 12));
  });

  it("refuses a cookie session's request without its X-CSRF-Token header, and stores nothing", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const res = await app.request(
      "/api/user/key",
      jsonRequest("POST", { apiKey: KEY }, { cookie: s.cookie }),
    );
    expect(res.status).toBe(403);
    const after = await app.request("/api/user/key", { headers: { cookie: s.cookie } });
    expect((await after.json()).hasKey).toBe(false);
  });

  it("gives jobs that the session starts its key, for the model service calls", async () => {
    const { app, deps, idle } = await setup({ OPENAI_BASE_URL: llm().baseURL });
    const s = await openSession(deps);
    await app.request("/api/user/key", jsonRequest("POST", { apiKey: KEY }, s.headers()));
    const res = await analyze(deps).request(
      "/api/analyze",
      jsonRequest(
        "POST",
        {
          transcriptText: "Alice: I'll send the report by Friday.\nBob: Thanks, we ship Monday.\n",
          selected: { stageA: ["say-means"], stageB: [], final: [] },
        },
        s.headers(),
      ),
    );
    expect(res.status).toBe(202);
    await idle();
    expect(llm().requests.length).toBeGreaterThan(0);
    for (const request of llm().requests) expect(request.auth).toEqual({ bearer: true, last4: "WXYZ" });
  });
});

describe("DELETE /api/user/key", () => {
  it("removes the stored key", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    await app.request("/api/user/key", jsonRequest("POST", { apiKey: KEY }, s.headers()));
    const res = await app.request("/api/user/key", { method: "DELETE", headers: s.headers() });
    expect(await res.json()).toEqual({ ok: true, hasKey: false });
    const after = await app.request("/api/user/key", { headers: { cookie: s.cookie } });
    expect(await after.json()).toEqual({ ok: true, hasKey: false });
  });
});

describe("POST /api/user/key/validate", () => {
  it("checks a given key without storing it", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const good = await app.request(
      "/api/user/key/validate",
      jsonRequest("POST", { apiKey: KEY }, s.headers()),
    );
    expect(await good.json()).toEqual({ ok: true, valid: true });
    const bad = await app.request(
      "/api/user/key/validate",
      jsonRequest("POST", { apiKey: "sk-nope-0123456789" }, s.headers()),
    );
    expect(await bad.json()).toEqual({
      ok: true,
      valid: false,
      error: { code: "llm_auth", message: "The service refused this key." },
    });
    const after = await app.request("/api/user/key", { headers: { cookie: s.cookie } });
    expect((await after.json()).hasKey).toBe(false);
  });

  it("checks the stored key when none is given", async () => {
    const checked: string[] = [];
    const { app, deps } = await setup({}, { validateApiKey: acceptAll(checked) });
    const s = await openSession(deps);
    await app.request("/api/user/key", jsonRequest("POST", { apiKey: KEY }, s.headers()));
    const res = await app.request("/api/user/key/validate", jsonRequest("POST", {}, s.headers()));
    expect(await res.json()).toEqual({ ok: true, valid: true });
    expect(checked).toEqual([KEY]);
  });

  it("says what to send when no key is given and none is stored", async () => {
    const { app } = await setup();
    const res = await app.request("/api/user/key/validate", jsonRequest("POST", {}));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/none stored/);
  });
});

describe("auth", () => {
  it("needs a token when API_TOKENS is set: a bearer or a signed-in session opens it", async () => {
    const { app, deps } = await setup(TOKENS);
    expect((await app.request("/api/user/key")).status).toBe(401);
    expect((await app.request("/api/user/key", jsonRequest("POST", { apiKey: KEY }))).status).toBe(401);

    const bearer = await app.request(
      "/api/user/key",
      jsonRequest("POST", { apiKey: KEY }, { authorization: "Bearer alpha-token-1" }),
    );
    expect(bearer.status).toBe(200);

    const signed = await signedInSession(deps, "alpha-token-1");
    const viaSession = await app.request(
      "/api/user/key",
      jsonRequest("POST", { apiKey: KEY }, signed.headers()),
    );
    expect(await viaSession.json()).toMatchObject({ ok: true, hasKey: true });
  });
});
