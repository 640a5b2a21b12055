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
});
