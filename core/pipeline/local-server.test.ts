import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipelineHarness, fixtureTranscript } from "../../test/helpers/pipeline-harness";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import type { AnalyzerState } from "../jobs/job";
import type { Transcript } from "../transcript/model";

/**
 * Every built-in analyzer, end to end, against the LLM double's "local server" profile: Chat
 * Completions only, json_schema refused, an 8k context that cuts longer input silently, one
 * request at a time, and (in one mode) no usage in its answers.
 */
const server = useLlmDouble({ local: { contextTokens: 8_192 } });
const noUsage = useLlmDouble({ local: { contextTokens: 8_192, usage: false } });

let meeting: Transcript;
beforeAll(async () => {
  meeting = await fixtureTranscript("ES2002a.vtt");
});
const harnesses: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});
async function harness(baseURL: string, env: Record<string, string> = {}) {
  const h = await createPipelineHarness({
    OPENAI_BASE_URL: baseURL,
    OPENAI_MODEL: "llama3.1:8b",
    // The address decides: 127.0.0.1 is a local server.
    LLM_SERVER_KIND: "auto",
    ...env,
  });
  harnesses.push(h);
  return h;
}
const analyzers = (doc: {
  stages: Record<"A" | "B" | "final", { analyzers: Record<string, AnalyzerState> }>;
}) => (["A", "B", "final"] as const).flatMap((stage) => Object.values(doc.stages[stage].analyzers));

describe("the default analyzer set on a local server", () => {
  it("completes with LLM_CONTEXT_TOKENS set: chunked to the window, JSON mode learned once, one call at a time", {
    timeout: 60_000,
  }, async () => {
    const h = await harness(server().baseURL, { LLM_CONTEXT_TOKENS: "8192" });
    const { doc } = await h.run(meeting);
    expect(doc.status).toBe("completed");
    const states = analyzers(doc);
    expect(states.length).toBe(19);
    expect(states.filter((s) => s.status !== "completed")).toEqual([]);
    expect(doc.stages.insights.status).toBe("completed");
    // The 8k-token transcript does not fit an 8k window beside the instructions and the answer.
    for (const s of Object.values(doc.stages.A.analyzers)) expect(s.chunking?.chunks).toBeGreaterThan(1);
    const requests = server().requests;
    expect(requests.every((r) => r.api === "chat")).toBe(true);
    expect(requests.filter((r) => r.responseFormat === "json_schema")).toHaveLength(1);
    expect(requests.filter((r) => r.schemaInPrompt).length).toBeGreaterThan(0);
    expect(server().maxInFlight()).toBe(1);
    expect(doc.totals!.usage.estimated).toBeUndefined();
  });

  it("fails the analyzers whose input the server cut, saying what to set, when the window is unknown", async () => {
    const h = await harness(server().baseURL);
    const { doc } = await h.run(meeting, {
      selected: { stageA: ["say-means", "soul"] },
      options: { insights: false },
    });
    for (const id of ["say-means", "soul"]) {
      expect(doc.stages.A.analyzers[id]).toMatchObject({
        status: "error",
        error: { code: "llm_input_truncated" },
      });
      expect(doc.stages.A.analyzers[id]!.error!.message).toContain("LLM_CONTEXT_TOKENS=8192");
    }
    expect(doc.status).toBe("error");
  });

  it("marks the job's token figures as estimated when the server reports no usage", async () => {
    const h = await harness(noUsage().baseURL, { LLM_CONTEXT_TOKENS: "8192" });
    const { doc } = await h.run(meeting, { selected: { stageA: ["say-means"], final: ["meeting-notes"] } });
    expect(doc.status).toBe("completed");
    expect(doc.totals!.usage).toMatchObject({ estimated: true });
    expect(doc.totals!.usage.inputTokens).toBeGreaterThan(8_000);
    expect(doc.stages.A.analyzers["say-means"]!.usage).toMatchObject({ estimated: true });
  });
});
