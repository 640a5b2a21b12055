import { describe, expect, it } from "vitest";
import type { LlmMessage } from "../../../core/ports";
import { failTimes } from "../../../test/llm-double/responders";
import { useLlmDouble } from "../../../test/llm-double/use-llm-double";
import { createOpenAiProvider } from "./openai-provider";

const llm = useLlmDouble();

const provider = () =>
  createOpenAiProvider({
    apiKey: "sk-test-stream-5b2e",
    baseURL: llm().baseURL,
    apiStyle: "auto",
    timeoutMs: 5_000,
    maxAttempts: 3,
    baseDelayMs: 0,
    maxDelayMs: 0,
    sleep: async () => {},
  });

const messages: LlmMessage[] = [
  { role: "system", content: "You are a careful meeting analyst." },
  { role: "user", content: "What was decided?" },
];

describe.each([
  ["Responses", "gpt-5-nano"],
  ["Chat Completions", "gpt-4o"],
])("streamed answers over the %s API", (api, model) => {
  it("hands each piece over as it arrives and returns the whole answer with its usage", async () => {
    llm().setResponder(() => ({ text: "We ship on Friday, as agreed [seg-2]." }));
    const pieces: string[] = [];
    const result = await provider().stream!({ model, messages }, (d) => pieces.push(d));
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join("")).toBe("We ship on Friday, as agreed [seg-2].");
    expect(result.text).toBe(pieces.join(""));
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(llm().requests[0]!.body.stream).toBe(true);
    expect(llm().requests[0]!.api).toBe(api === "Responses" ? "responses" : "chat");
  });

  it("retries a failure before any text, but not one after text arrived, which it reports", async () => {
    llm().setResponder(failTimes(1, { status: 503, error: { message: "busy" } }, { text: "Fine now." }));
    expect((await provider().stream!({ model, messages }, () => {})).text).toBe("Fine now.");
    expect(llm().requests).toHaveLength(2);

    llm().reset();
    llm().setResponder(() => ({ text: "One two three four five six seven eight.", breakAfterChars: 12 }));
    const pieces: string[] = [];
    await expect(provider().stream!({ model, messages }, (d) => pieces.push(d))).rejects.toMatchObject({
      message: expect.stringContaining("after part of the answer had arrived"),
    });
    expect(pieces.join("")).toMatch(/^One two three/);
    expect(llm().requests).toHaveLength(1);
  });

  it("treats a streamed answer cut at the output limit as an error, never as success", async () => {
    llm().setResponder(() => ({ truncate: true, text: "Half an" }));
    await expect(provider().stream!({ model, messages }, () => {})).rejects.toMatchObject({
      code: "llm_truncated",
    });
  });
});
