import { describe, expect, it } from "vitest";
import { apiStyleFor, FALLBACK_LIMITS, isReasoningModel, modelLimits } from "./models";

describe("model families", () => {
  it.each([
    ["gpt-5", 400_000, 128_000],
    ["gpt-5-mini-2025-08-07", 400_000, 128_000],
    ["gpt-5-chat-latest", 128_000, 16_384],
    ["gpt-4.1-nano", 1_047_576, 32_768],
    ["gpt-4o-mini", 128_000, 16_384],
    ["o3", 200_000, 100_000],
    ["o4-mini-2025-04-16", 200_000, 100_000],
    ["openai/gpt-4.1", 1_047_576, 32_768],
  ])("%s has a %i-token context and %i output tokens", (model, contextWindow, maxOutputTokens) => {
    expect(modelLimits(model)).toEqual({ contextWindow, maxOutputTokens });
  });

  it("falls back to 128k/16k for unknown models such as local ones", () => {
    expect(modelLimits("llama3.1:70b")).toEqual(FALLBACK_LIMITS);
    expect(FALLBACK_LIMITS).toEqual({ contextWindow: 128_000, maxOutputTokens: 16_384 });
  });

  it.each([
    ["gpt-5", true],
    ["gpt-5-nano", true],
    ["o1", true],
    ["o3-mini", true],
    ["o4-mini", true],
    ["gpt-5-chat-latest", false],
    ["gpt-4.1", false],
    ["gpt-4o", false],
    ["omni-moderation-latest", false],
    ["llama3", false],
  ])("isReasoningModel(%s) is %s", (model, expected) => {
    expect(isReasoningModel(model)).toBe(expected);
  });

  it("auto picks Responses for gpt-5 and o-series, Chat otherwise; an explicit style wins", () => {
    expect(apiStyleFor("gpt-5-mini", "auto")).toBe("responses");
    expect(apiStyleFor("o3", "auto")).toBe("responses");
    expect(apiStyleFor("gpt-4.1", "auto")).toBe("chat");
    expect(apiStyleFor("mistral-small", "auto")).toBe("chat");
    expect(apiStyleFor("gpt-5", "chat")).toBe("chat");
    expect(apiStyleFor("gpt-4o", "responses")).toBe("responses");
  });
});
