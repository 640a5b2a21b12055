import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { createOpenAiProvider } from "../../infra/adapters/openai/openai-provider";
import { sequence } from "../../test/llm-double/responders";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import { LlmInsightsSchema } from "../insights/schema";
import type { LlmRequest } from "../ports";
import { completeStructured } from "./structured";

const llm = useLlmDouble();

const provider = () =>
  createOpenAiProvider({
    apiKey: "sk-test",
    baseURL: llm().baseURL,
    apiStyle: "auto",
    timeoutMs: 5_000,
    maxAttempts: 2,
    baseDelayMs: 1,
    maxDelayMs: 1,
    sleep: async () => {},
  });

const transcript = [
  "[seg-1] Laura: Okay, this is the kick-off meeting for our remote control project.",
  "[seg-2] David: I will send the first sketches by Friday.",
  "[seg-3] Laura: {vocalsound} Um so we agreed the budget stays at twelve fifty.",
].join("\n\n");

const request: Omit<LlmRequest, "jsonSchema"> = {
  model: "gpt-5-mini",
  messages: [
    { role: "system", content: "Analyst." },
    { role: "user", content: `<transcript>\n${transcript}\n</transcript>` },
    { role: "user", content: "Extract the action items." },
  ],
};

const Verdict = v.object({
  decision: v.picklist(["ship", "wait"]),
  reasons: v.pipe(v.array(v.string()), v.minLength(1)),
  owner: v.optional(v.string()),
});

const usage = { inputTokens: 1000, cachedInputTokens: 0, outputTokens: 50, reasoningTokens: 10 };

describe("completeStructured", () => {
  it("asks with the strict JSON schema and returns the validated value", async () => {
    llm().setResponder(() => ({ text: '{"decision":"ship","reasons":["tests pass"],"owner":null}', usage }));
    const { value, result } = await completeStructured(provider(), request, Verdict, "verdict");
    expect(value).toEqual({ decision: "ship", reasons: ["tests pass"] });
    expect(result.usage).toEqual(usage);
    const [req] = llm().requests;
    expect(req?.jsonSchemaName).toBe("verdict");
    expect(req?.jsonSchema).toMatchObject({
      additionalProperties: false,
      required: ["decision", "reasons", "owner"],
    });
  });

  it("repairs one invalid answer: the bad answer and its issues go back, usage is summed", async () => {
    llm().setResponder(
      sequence([
        { text: '{"decision":"maybe","reasons":[]}', usage },
        { text: '{"decision":"wait","reasons":["budget unclear"],"owner":"Laura"}', usage },
      ]),
    );
    const { value, result } = await completeStructured(provider(), request, Verdict, "verdict");
    expect(value).toEqual({ decision: "wait", reasons: ["budget unclear"], owner: "Laura" });
    expect(result.usage).toEqual({
      inputTokens: 2000,
      cachedInputTokens: 0,
      outputTokens: 100,
      reasoningTokens: 20,
    });
    expect(result.attempts).toBe(2);

    const repair = llm().requests[1]!;
    expect(repair.messages.slice(0, 3)).toEqual(request.messages);
    expect(repair.messages[3]).toEqual({ role: "assistant", content: '{"decision":"maybe","reasons":[]}' });
    expect(repair.messages[4]?.role).toBe("user");
    expect(repair.messages[4]?.content).toMatch(/decision/);
    expect(repair.messages[4]?.content).toMatch(/reasons/);
    expect(repair.messages[4]?.content).toMatch(/JSON only/);
    expect(repair.jsonSchemaName).toBe("verdict");
  });

  it("repairs an answer that is not JSON at all", async () => {
    llm().setResponder(
      sequence([
        { text: "Sure! Here it is: decision ship" },
        { text: '{"decision":"ship","reasons":["ok"],"owner":null}' },
      ]),
    );
    const { value } = await completeStructured(provider(), request, Verdict, "verdict");
    expect(value.decision).toBe("ship");
    expect(llm().requests[1]?.messages.at(-1)?.content).toMatch(/not valid JSON/);
  });

  it("fails with llm_invalid_output after a second invalid answer, naming the issues", async () => {
    llm().setResponder(() => ({ text: '{"decision":"maybe","reasons":["x"],"owner":null}' }));
    const error = await completeStructured(provider(), request, Verdict, "verdict").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "llm_invalid_output", retryable: false });
    expect((error as Error).message).toMatch(/decision/);
    expect((error as Error).message).toMatch(/"verdict"/);
    expect(llm().requests).toHaveLength(2);
  });

  it("passes a truncated answer through as llm_truncated without a repair call", async () => {
    llm().setResponder(() => ({ truncate: true, text: '{"decision":"sh' }));
    const error = await completeStructured(provider(), request, Verdict, "verdict").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "llm_truncated" });
    expect(llm().requests).toHaveLength(1);
  });

  it("gets insights from the double's default answer that cite real segments with exact quotes", async () => {
    const { value } = await completeStructured(provider(), request, LlmInsightsSchema, "insights");
    expect(value.items.length).toBeGreaterThan(0);
    for (const item of value.items) {
      const [id] = item.evidence.segmentIds;
      const line = transcript.split("\n\n").find((l) => l.startsWith(`[${id}] `));
      expect(line).toBeDefined();
      for (const quote of item.evidence.quotes) expect(line).toContain(quote);
    }
  });
});
