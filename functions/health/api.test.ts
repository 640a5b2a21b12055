import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import analyze from "../analyze";
import health from "./index";

const testDeps = useTestDeps();
const local = useLlmDouble({ local: { contextTokens: 8_192, listContext: true } });

describe("GET /api/health", () => {
  it("says which server and model answer, the context window and its source, and what the server supports", async () => {
    const { deps, idle } = await testDeps({
      OPENAI_BASE_URL: local().baseURL,
      OPENAI_MODEL: "llama3.1:8b",
      LLM_SERVER_KIND: "auto",
    });
    const before = await (await health(deps).request("/api/health")).json();
    expect(before.llm.models).toEqual([
      expect.objectContaining({
        server: local().baseURL,
        local: true,
        model: "llama3.1:8b",
        api: "chat",
        contextWindow: 8_192,
        contextSource: "server",
        usage: "unknown",
        concurrency: 1,
      }),
    ]);
    expect(before.llm.models[0].structuredOutput).toBeUndefined();

    const transcriptText = "Ann: We ship on Friday.\nBo: Agreed, I will tell the team by Monday.";
    const res = await analyze(deps).request(
      "/api/analyze",
      jsonRequest("POST", { transcriptText, selected: { stageA: ["say-means"] } }),
    );
    expect(res.status).toBe(202);
    await idle();

    const after = await (await health(deps).request("/api/health")).json();
    expect(after.llm.models[0]).toMatchObject({
      answeredBy: "llama3.1:8b",
      structuredOutput: "json_object",
      usage: "reported",
    });
  });

  it("reports no model capabilities when no model service is configured", async () => {
    const { deps } = await testDeps({ OPENAI_API_KEY: "", OPENAI_BASE_URL: "" });
    const body = await (await health(deps).request("/api/health")).json();
    expect(body.llm.configured).toBe(false);
    expect(body.llm.models).toBeUndefined();
  });
});
