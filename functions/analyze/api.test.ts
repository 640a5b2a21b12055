import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { openSession } from "../session/session.test-helper";
import analyze from "./index";

const testDeps = useTestDeps();
async function setup(env: Record<string, string> = {}) {
  const t = await testDeps(env);
  return { ...t, app: analyze(t.deps) };
}

const TEXT =
  "Title: Weekly sync\nDate: 2025-10-01\n\nAlice: I'll send the report by Friday.\nBob: We decided to ship on Monday.\n";

describe("POST /api/analyze", () => {
  it("answers at once with the earlier tool's fields and runs the job to the end", async () => {
    const { app, deps, idle } = await setup();
    const res = await app.request("/api/analyze", jsonRequest("POST", { transcriptText: TEXT }));
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body).toMatchObject({
      ok: true,
      jobId: expect.stringMatching(/^\d{8}-\d{6}-/),
      queuedAt: expect.any(String),
    });
    expect(res.headers.get("location")).toBe(`/api/status/${body.jobId}`);
    await idle();
    const doc = await deps.store.get(body.jobId);
    expect(doc?.status).toBe("completed");
    expect(doc?.source).toMatchObject({
      format: "text",
      segments: 2,
      speakers: ["Alice", "Bob"],
      title: "Weekly sync",
    });
  });

  it("starts with the speakers named as the preview named them: every output and the history use the names", async () => {
    const { app, deps, idle } = await setup();
    const res = await app.request(
      "/api/analyze",
      jsonRequest("POST", { transcriptText: TEXT, speakers: { Alice: "Alice Moreau", Bob: "Bob Tan" } }),
    );
    expect(res.status).toBe(202);
    const { jobId } = await res.json();
    await idle();
    const doc = await deps.store.get(jobId);
    expect(doc?.status).toBe("completed");
    expect(doc?.source.speakers).toEqual(["Alice Moreau", "Bob Tan"]);
    const transcript = new TextDecoder().decode((await deps.artifacts.read(jobId, "transcript.md"))!);
    expect(transcript).toContain("Alice Moreau");
    expect(transcript).not.toMatch(/\bAlice:/);
  });

  it.each([
    [{}, /either transcriptText or fileId/],
    [{ transcriptText: TEXT, speakers: { Carol: "Caroline" } }, /No speaker "Carol".*"Alice", "Bob"/],
    [{ transcriptText: TEXT, speakers: { Alice: " " } }, /name/i],
    [{ transcriptText: TEXT, speakers: { Alice: "Bob", Bob: "bob" } }, /differ only in case/],
    [{ transcriptText: "" }, /empty/i],
    [{ transcriptText: TEXT, fileId: "abcdefgh12" }, /either transcriptText or fileId/],
    [{ transcriptText: TEXT, selected: { stageA: ["no-such-analyzer"] } }, /not a stage A analyzer/],
    [{ transcriptText: TEXT, selected: { stageA: ["../../etc"] } }, /analyzer id/],
    [{ transcriptText: TEXT, options: { models: { stageA: "gpt 5; rm -rf" } } }, /model name/],
    [{ transcriptText: TEXT, options: { finalOptions: { mode: "poem" } } }, /finalOptions\.mode/],
    [{ transcriptText: TEXT, promptSelection: { "say-means": "{% for x in y %}" } }, /not supported/],
    [{ transcriptText: TEXT, options: { language: "Klingon, please" } }, /BCP 47 language tag/],
  ])("refuses %j with a 400 that says what is wrong", async (body, message) => {
    const { app } = await setup();
    const res = await app.request("/api/analyze", jsonRequest("POST", body));
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.ok).toBe(false);
    expect(json.error.message).toMatch(message);
  });

  it("refuses a body that is not JSON", async () => {
    const { app } = await setup();
    const res = await app.request("/api/analyze", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: "invalid_request",
      message: "The request body is not valid JSON.",
    });
  });

  it("limits analyses per caller per hour with 429 and Retry-After", async () => {
    const { app } = await setup({ RATE_LIMIT_PER_HOUR: "2" });
    for (let i = 0; i < 2; i++)
      expect((await app.request("/api/analyze", jsonRequest("POST", { transcriptText: TEXT }))).status).toBe(
        202,
      );
    const res = await app.request("/api/analyze", jsonRequest("POST", { transcriptText: TEXT }));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await res.json()).error.code).toBe("rate_limited");
  });

  it("counts per client address too, so fresh sessions do not buy more analyses", async () => {
    const t = await testDeps(
      { RATE_LIMIT_PER_HOUR: "2", OPEN_MODE_SHARED_HISTORY: "false" },
      { clientAddress: (c) => c.req.header("x-test-address") },
    );
    const app = analyze(t.deps);
    const fresh = async () => (await openSession(t.deps)).headers({ "x-test-address": "192.0.2.50" });
    for (let i = 0; i < 2; i++)
      expect(
        (await app.request("/api/analyze", jsonRequest("POST", { transcriptText: TEXT }, await fresh())))
          .status,
      ).toBe(202);
    const third = await app.request(
      "/api/analyze",
      jsonRequest("POST", { transcriptText: TEXT }, await fresh()),
    );
    expect(third.status).toBe(429);
    expect((await third.json()).error.message).toMatch(/from one address/);
    const elsewhere = (await openSession(t.deps)).headers({ "x-test-address": "198.51.100.50" });
    expect(
      (await app.request("/api/analyze", jsonRequest("POST", { transcriptText: TEXT }, elsewhere))).status,
    ).toBe(202);
    await t.idle();
  });

  it("requires a token when API_TOKENS is set, and accepts a valid one", async () => {
    const { app } = await setup({ API_TOKENS: "alpha-token-1,beta-token-2" });
    const none = await app.request("/api/analyze", jsonRequest("POST", { transcriptText: TEXT }));
    expect(none.status).toBe(401);
    const wrong = await app.request(
      "/api/analyze",
      jsonRequest("POST", { transcriptText: TEXT }, { authorization: "Bearer nope" }),
    );
    expect(wrong.status).toBe(401);
    const good = await app.request(
      "/api/analyze",
      jsonRequest("POST", { transcriptText: TEXT }, { authorization: "Bearer beta-token-2" }),
    );
    expect(good.status).toBe(202);
  });
});
