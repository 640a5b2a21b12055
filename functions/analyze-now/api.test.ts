import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import analyzeNow from "./index";

const double = useLlmDouble();
const testDeps = useTestDeps();
const TEXT = "Alice: Could you send the numbers?\nBob: Sure, I'll send them tomorrow.\n";

describe("POST /api/analyze-now", () => {
  it("answers the computed analyses at once, with no key and no job", async () => {
    const t = await testDeps();
    const res = await analyzeNow(t.deps).request(
      "/api/analyze-now",
      jsonRequest("POST", { transcriptText: TEXT }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.transcript).toMatchObject({ format: "text", speakers: ["Alice", "Bob"], segments: 2 });
    expect(body.computed.questions[0]).toMatchObject({ speaker: "Alice", segmentId: "seg-1" });
    expect(body.sayMeans).toBeNull();
    expect(body.llm).toMatchObject({ used: false, reason: expect.stringMatching(/No OpenAI API key/) });
    expect((await t.deps.store.list({ limit: 5 })).jobs).toEqual([]);
  });

  it("adds say-means when a model is configured", async () => {
    const t = await testDeps({ OPENAI_BASE_URL: double().baseURL });
    const body = await (
      await analyzeNow(t.deps).request("/api/analyze-now", jsonRequest("POST", { transcriptText: TEXT }))
    ).json();
    expect(body.sayMeans).toMatchObject({
      text: expect.stringContaining("say-means"),
      usage: { inputTokens: expect.any(Number) },
    });
    expect(double().requests).toHaveLength(1);
    expect(double().requests[0]!.analyzer).toBe("say-means");
  });

  it("refuses bad input like /api/analyze does", async () => {
    const t = await testDeps();
    const res = await analyzeNow(t.deps).request(
      "/api/analyze-now",
      jsonRequest("POST", { transcriptText: "   " }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("empty_transcript");
  });
});
