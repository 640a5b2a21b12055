import { describe, expect, it } from "vitest";
import { InputError } from "../errors";
import { costUsd, DEFAULT_PRICING, mergePricing, resolvePricing } from "./pricing";

const usage = (
  inputTokens: number,
  cachedInputTokens: number,
  outputTokens: number,
  reasoningTokens = 0,
) => ({
  inputTokens,
  cachedInputTokens,
  outputTokens,
  reasoningTokens,
});

describe("resolvePricing", () => {
  it.each([
    ["gpt-5", "gpt-5"],
    ["gpt-5-2025-08-07", "gpt-5"],
    ["gpt-5-mini-2025-08-07", "gpt-5-mini"],
    ["gpt-5-nano", "gpt-5-nano"],
    ["gpt-4.1-mini-2025-04-14", "gpt-4.1-mini"],
    ["gpt-4o-2024-08-06", "gpt-4o"],
    ["gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
    ["o4-mini-2025-04-16", "o4-mini"],
    ["openai/gpt-4.1", "gpt-4.1"],
  ])("prices %s as %s (longest matching name wins)", (model, row) => {
    expect(resolvePricing(model, DEFAULT_PRICING)).toBe(DEFAULT_PRICING[row]);
  });

  it.each(["llama3.1:8b", "gpt-5.1", "o3x", "gpt-4"])("leaves %s unpriced rather than guessing", (model) => {
    expect(resolvePricing(model, DEFAULT_PRICING)).toBeNull();
  });
});

describe("costUsd", () => {
  it("bills cached input at the cached rate and the rest at the input rate", () => {
    // gpt-5: 1.25 / 0.125 / 10 per 1M.
    const cost = costUsd(usage(100_000, 60_000, 2_000), resolvePricing("gpt-5", DEFAULT_PRICING));
    expect(cost).toBeCloseTo((40_000 * 1.25 + 60_000 * 0.125 + 2_000 * 10) / 1e6, 12);
    expect(cost).toBeCloseTo(0.0775, 12);
  });

  it("counts reasoning tokens once, as part of output", () => {
    const pricing = DEFAULT_PRICING["o4-mini"]!;
    expect(costUsd(usage(1_000_000, 0, 1_000_000, 900_000), pricing)).toBeCloseTo(1.1 + 4.4, 12);
  });

  it("is null (not 0) for an unknown model, so totals can say unpriced", () => {
    expect(costUsd(usage(1000, 0, 10), resolvePricing("my-local-model", DEFAULT_PRICING))).toBeNull();
  });

  it("is 0 for a call that used no tokens of a priced model", () => {
    expect(costUsd(usage(0, 0, 0), DEFAULT_PRICING["gpt-4o-mini"]!)).toBe(0);
  });

  it("matches the list prices of the table", () => {
    const million = usage(1_000_000, 0, 1_000_000);
    const cachedMillion = usage(1_000_000, 1_000_000, 0);
    const expected: Record<string, [number, number]> = {
      "gpt-5": [11.25, 0.125],
      "gpt-5-mini": [2.25, 0.025],
      "gpt-5-nano": [0.45, 0.005],
      "gpt-4.1": [10, 0.5],
      "gpt-4.1-mini": [2, 0.1],
      "gpt-4.1-nano": [0.5, 0.025],
      "gpt-4o": [12.5, 1.25],
      "gpt-4o-mini": [0.75, 0.075],
      o3: [10, 0.5],
      "o4-mini": [5.5, 0.275],
    };
    for (const [model, [full, cached]] of Object.entries(expected)) {
      expect(costUsd(million, DEFAULT_PRICING[model]!), model).toBeCloseTo(full, 9);
      expect(costUsd(cachedMillion, DEFAULT_PRICING[model]!), model).toBeCloseTo(cached, 9);
    }
  });
});

describe("mergePricing", () => {
  it("overrides single prices of a known model and adds new models", () => {
    const merged = mergePricing(
      DEFAULT_PRICING,
      '{"gpt-5": {"output": 12}, "llama3.1": {"input": 0, "output": 0}, "acme-large": {"input": 3, "cachedInput": 1, "output": 9}}',
    );
    expect(merged["gpt-5"]).toEqual({ input: 1.25, cachedInput: 0.125, output: 12 });
    expect(merged["llama3.1"]).toEqual({ input: 0, cachedInput: 0, output: 0 });
    expect(merged["acme-large"]).toEqual({ input: 3, cachedInput: 1, output: 9 });
    expect(merged["gpt-4o"]).toEqual(DEFAULT_PRICING["gpt-4o"]);
    expect(costUsd(usage(1000, 0, 1000), resolvePricing("llama3.1", merged))).toBe(0);
    expect(DEFAULT_PRICING["gpt-5"]?.output).toBe(10);
  });

  it("a new model without a cached price is billed at the input price for cached tokens", () => {
    const merged = mergePricing(DEFAULT_PRICING, '{"acme": {"input": 2, "output": 4}}');
    expect(merged.acme?.cachedInput).toBe(2);
  });

  it.each([
    ["{not json", /not valid JSON/],
    ['{"gpt-5": {"input": "cheap"}}', /gpt-5\.input/],
    ['{"gpt-5": {"input": -1}}', /gpt-5\.input/],
    ['{"gpt-5": {"cached_input": 0.1}}', /gpt-5/],
    ['{"acme": {"input": 1}}', /"acme" needs both "input" and "output"/],
    ["[1, 2]", /invalid/],
  ])("rejects %s with an InputError that says where", (json, message) => {
    expect(() => mergePricing(DEFAULT_PRICING, json)).toThrow(InputError);
    expect(() => mergePricing(DEFAULT_PRICING, json)).toThrow(message);
  });
});
