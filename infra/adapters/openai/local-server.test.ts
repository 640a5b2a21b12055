import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { LlmError } from "../../../core/errors";
import { completeStructured } from "../../../core/llm/structured";
import { countMessageTokens } from "../../../core/llm/tokens";
import type { LlmMessage } from "../../../core/ports";
import { sequence } from "../../../test/llm-double/responders";
import { useLlmDouble } from "../../../test/llm-double/use-llm-double";
import { createOpenAiProvider, type OpenAiProviderConfig } from "./openai-provider";

const local = useLlmDouble({ local: { contextTokens: 8_192 } });
const silent = useLlmDouble({ local: { contextTokens: 8_192, usage: false } });
const listing = useLlmDouble({ local: { contextTokens: 8_192, listContext: true } });

const provider = (baseURL: string, extra: Partial<OpenAiProviderConfig> = {}) =>
  createOpenAiProvider({
    baseURL,
    apiStyle: "auto",
    timeoutMs: 5_000,
    maxAttempts: 1,
    baseDelayMs: 1,
    maxDelayMs: 1,
    ...extra,
  });

const segments = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `[seg-${i + 1}] Ann: We ship the remote control on Friday, item ${i + 1}.`,
  ).join("\n\n");
const messages = (transcript: string): LlmMessage[] => [
  { role: "system", content: "You are a careful meeting analyst." },
  { role: "user", content: `<transcript>\n${transcript}\n</transcript>` },
  { role: "user", content: "List the decisions." },
];
const Decisions = v.object({ items: v.array(v.object({ text: v.string() })) });

describe("a local OpenAI-compatible server", () => {
  it("falls back from json_schema to JSON mode with the schema in the prompt, and remembers it", async () => {
    const p = provider(local().baseURL);
    const request = { model: "llama3.1:8b", messages: messages(segments(3)) };
    const first = await completeStructured(p, request, Decisions, "decisions");
    expect(first.value.items.length).toBeGreaterThan(0);
    const [refused, answered] = local().requests;
    expect(refused?.responseFormat).toBe("json_schema");
    expect(answered).toMatchObject({ responseFormat: "json_object", schemaInPrompt: true });
    expect(answered?.messages.slice(0, 2)).toEqual(request.messages.slice(0, 2));
    expect(first.result.attempts).toBe(2);

    // Later calls do not pay for the refused attempt again.
    await completeStructured(p, request, Decisions, "decisions");
    expect(
      local()
        .requests.slice(2)
        .map((r) => r.responseFormat),
    ).toEqual(["json_object"]);
    expect(await p.capabilities("llama3.1:8b")).toMatchObject({ structuredOutput: "json_object" });
  });

  it("goes on with plain text and the schema in the prompt when JSON mode is refused too", async () => {
    local().setResponder(
      sequence([{ status: 400, error: { message: "response_format json_object is not supported" } }]),
    );
    const p = provider(local().baseURL);
    const request = { model: "llama3.1:8b", messages: messages(segments(3)) };
    const error = await completeStructured(p, request, Decisions, "decisions").catch((e: unknown) => e);
    // Every mode was refused: the last refusal is the error, after one try of each.
    expect(error).toMatchObject({ code: "llm_bad_request" });
    expect(local().requests.map((r) => [r.responseFormat, r.schemaInPrompt])).toEqual([
      ["json_schema", undefined],
      ["json_object", true],
      [undefined, true],
    ]);
  });

  it("uses Chat Completions when the server has no Responses API", async () => {
    const p = provider(local().baseURL);
    const result = await p.complete({ model: "gpt-5-mini", messages: messages(segments(2)) });
    expect(result.text).toContain("seg-1");
    await p.complete({ model: "gpt-5-mini", messages: messages(segments(2)) });
    expect(local().requests.map((r) => r.api)).toEqual(["chat", "chat"]);
    expect(await p.capabilities("gpt-5-mini")).toMatchObject({ api: "chat" });
  });

  it("fails a call whose input the server cut silently, saying what to set", async () => {
    const p = provider(local().baseURL);
    const long = messages(segments(900));
    expect(countMessageTokens(long)).toBeGreaterThan(16_000);
    const error = await p.complete({ model: "llama3.1:8b", messages: long }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ code: "llm_input_truncated", retryable: false });
    expect((error as Error).message).toContain("read only 8192 of the");
    expect((error as Error).message).toContain("LLM_CONTEXT_TOKENS=8192");
    expect(await p.capabilities("llama3.1:8b")).toMatchObject({ inputCutAt: 8_192, usage: "reported" });
  });

  it("counts tokens itself when the server reports no usage, and marks them estimated", async () => {
    const p = provider(silent().baseURL);
    const sent = messages(segments(40));
    const result = await p.complete({ model: "llama3.1:8b", messages: sent });
    expect(result.usage).toMatchObject({ inputTokens: countMessageTokens(sent), estimated: true });
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(await p.capabilities("llama3.1:8b")).toMatchObject({ usage: "missing" });
  });

  it("sends one call at a time to a local address unless LLM_CONCURRENCY says otherwise", async () => {
    const ask = (p: ReturnType<typeof provider>) =>
      Promise.all(
        Array.from({ length: 4 }, () =>
          p.complete({ model: "llama3.1:8b", messages: messages(segments(2)) }),
        ),
      );
    local().setResponder(() => ({ text: "ok", delayMs: 30 }));
    await ask(provider(local().baseURL));
    expect(local().maxInFlight()).toBe(1);
    local().reset();
    local().setResponder(() => ({ text: "ok", delayMs: 30 }));
    await ask(provider(local().baseURL, { concurrency: 3 }));
    expect(local().maxInFlight()).toBe(3);
  });

  it("takes the context window from LLM_CONTEXT_TOKENS, else the server's model list, else the model table", async () => {
    expect(
      await provider(local().baseURL, { contextTokens: 32_768 }).capabilities("llama3.1:8b"),
    ).toMatchObject({
      contextWindow: 32_768,
      contextSource: "LLM_CONTEXT_TOKENS",
      local: true,
      concurrency: 1,
    });
    expect(await provider(listing().baseURL).capabilities("llama3.1:8b")).toMatchObject({
      contextWindow: 8_192,
      contextSource: "server",
    });
    expect(await provider(local().baseURL).capabilities("llama3.1:8b")).toMatchObject({
      contextWindow: 128_000,
      contextSource: "model table",
    });
  });

  it("names LLM_CONTEXT_TOKENS when a server refuses an input as over the model's context", async () => {
    local().setResponder(() => ({
      status: 400,
      error: {
        message: "This model's maximum context length is 8192 tokens. However, you requested 9100 tokens.",
      },
    }));
    const error = await provider(local().baseURL)
      .complete({ model: "llama3.1:8b", messages: messages(segments(2)) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "llm_context_exceeded", retryable: false });
    expect((error as Error).message).toContain("LLM_CONTEXT_TOKENS");
  });
});
