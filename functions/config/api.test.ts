import { describe, expect, it } from "vitest";
import { useTestDeps } from "../../test/helpers/function-deps";
import config from "./index";

const testDeps = useTestDeps();
async function setup(env: Record<string, string> = {}) {
  const t = await testDeps(env);
  return { ...t, app: config(t.deps) };
}

describe("GET /api/config", () => {
  it("shows the effective configuration with the API key masked to its last four characters", async () => {
    const { app } = await setup({ OPENAI_API_KEY: "sk-test-secret-abcd", OPENAI_MODEL: "gpt-4.1-mini" });
    const res = await app.request("/api/config");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("sk-test-secret");
    expect(text).not.toContain("secret-abcd");
    const body = JSON.parse(text);
    expect(body.ok).toBe(true);
    expect(body.config.llm).toMatchObject({ configured: true, apiKey: "…abcd", model: "gpt-4.1-mini" });
    expect(body.config.mode).toBe("embedded");
  });

  it("shows neither the API tokens nor the session secret", async () => {
    const { app } = await setup({
      API_TOKENS: "alpha-token-1,beta-token-2",
      SESSION_SECRET: "a-session-secret-of-some-length",
      REDIS_URL: "redis://:hunter2-password@redis.internal:6379/0",
    });
    const res = await app.request("/api/config", { headers: { authorization: "Bearer alpha-token-1" } });
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const secret of ["alpha-token-1", "beta-token-2", "a-session-secret", "hunter2-password"])
      expect(text).not.toContain(secret);
    expect(JSON.parse(text).config.auth.tokens).toBe("2 configured");
  });

  it("needs a token when API_TOKENS is set", async () => {
    const { app } = await setup({ API_TOKENS: "alpha-token-1" });
    const none = await app.request("/api/config");
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("unauthorized");
    const wrong = await app.request("/api/config", { headers: { authorization: "Bearer beta" } });
    expect(wrong.status).toBe(401);
  });

  it("answers anyone in open mode, and says the API is open", async () => {
    const { app } = await setup();
    const res = await app.request("/api/config");
    expect(res.status).toBe(200);
    expect((await res.json()).config.auth.tokens).toMatch(/open mode/);
  });

  it("shows the model service's address without its password or query-string key", async () => {
    const { app } = await setup({
      OPENAI_BASE_URL: "https://user:pa55word-x@llm.example/v1?api-key=qs-key-123&x=1",
    });
    const text = await (await app.request("/api/config")).text();
    expect(text).not.toContain("pa55word-x");
    expect(text).not.toContain("qs-key-123");
    expect(JSON.parse(text).config.llm.baseURL).toBe("https://user:***@llm.example/v1");
  });

  it("says the webhook is off when there is no key to sign it with", async () => {
    const { app } = await setup({ NOTIFY_WEBHOOK_URL: "https://hooks.example/done", SESSION_SECRET: "" });
    const body = await (await app.request("/api/config")).json();
    expect(body.config.webhook).toEqual({ url: "https://hooks.example/done", secret: null, sending: false });
  });

  it("answers open mode only by the allowed host names (no DNS rebinding)", async () => {
    const { app } = await setup();
    expect((await app.request("http://127.0.0.1:5000/api/config")).status).toBe(200);
    expect((await app.request("http://localhost:5000/api/config")).status).toBe(200);
    const rebound = await app.request("http://attacker.example:5000/api/config");
    expect(rebound.status).toBe(403);
    expect((await rebound.json()).error).toMatchObject({ code: "forbidden", message: /ALLOWED_HOSTS/ });
    const configured = await setup({ ALLOWED_HOSTS: "transcripts.lan" });
    expect((await configured.app.request("http://transcripts.lan/api/config")).status).toBe(200);
    expect((await configured.app.request("http://localhost/api/config")).status).toBe(403);
  });

  it("answers any host name when API tokens protect it", async () => {
    const { app } = await setup({ API_TOKENS: "alpha-token-1" });
    const res = await app.request("http://transcripts.example.com/api/config", {
      headers: { authorization: "Bearer alpha-token-1" },
    });
    expect(res.status).toBe(200);
  });
});
