import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countMessageTokens, countTokens, estimateTokens, messageTokensAtMost, tokensAtMost } from "./tokens";

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/meetings/${name}.txt`, import.meta.url), "utf8");

describe("countTokens", () => {
  it("counts with o200k_base, the encoding of current OpenAI models", () => {
    // Reference values of tiktoken's o200k_base.
    expect(countTokens("hello world")).toBe(2);
    expect(countTokens("")).toBe(0);
    expect(countTokens("The quick brown fox jumps over the lazy dog.")).toBe(10);
  });

  it("counts a 40,000-token transcript quickly enough to run before every call", () => {
    // All three meetings twice, rendered with segment ids as prompts carry them (about 58k tokens),
    // cut to about 40k tokens by an estimate so that the measured count is the first one.
    let id = 0;
    const lines = [1, 2].flatMap(() =>
      ["ES2002a", "IS1000a", "Bed004"].flatMap((name) => fixture(name).split("\n")),
    );
    const text = lines
      .map((line) => `[seg-${++id}] ${line}`)
      .join("\n\n")
      .slice(0, 148_000);
    const started = performance.now();
    const tokens = countTokens(text);
    const ms = performance.now() - started;
    console.info(`countTokens: ${tokens} tokens (${text.length} chars) in ${ms.toFixed(1)} ms`);
    expect(tokens).toBeGreaterThan(38_000);
    expect(tokens).toBeLessThan(44_000);
    expect(ms).toBeLessThan(1_000);
  });
});

describe("countMessageTokens", () => {
  it("adds each message's content and a small framing cost per message", () => {
    const one = [{ role: "user" as const, content: "hello world" }];
    const two = [
      ...one,
      { role: "assistant" as const, content: "The quick brown fox jumps over the lazy dog." },
    ];
    expect(countMessageTokens(one)).toBeGreaterThan(countTokens("hello world"));
    expect(countMessageTokens(two) - countMessageTokens(one)).toBe(10 + 4);
    expect(countMessageTokens([])).toBeGreaterThan(0);
  });
});

describe("estimateTokens", () => {
  it.each(["ES2002a", "IS1000a", "Bed004"])("is within 30%% of the exact count on meeting %s", (name) => {
    const text = fixture(name);
    const exact = countTokens(text);
    const estimate = estimateTokens(text);
    expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.3);
  });
});

describe("tokensAtMost", () => {
  it("is never below the exact count, in any script, for any text (property)", () => {
    for (const text of [
      fixture("Bed004"),
      "日本語の会議の記録です。",
      "emoji 🎉🎉 and a lone \ud800 surrogate",
      "",
    ])
      expect(tokensAtMost(text)).toBeGreaterThanOrEqual(countTokens(text));
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 400 }),
        (text) => tokensAtMost(text) >= countTokens(text),
      ),
      { numRuns: 300 },
    );
  });

  it("bounds a request's messages as countMessageTokens counts them", () => {
    const messages = [
      { role: "system" as const, content: "Be brief." },
      { role: "user" as const, content: fixture("ES2002a") },
    ];
    expect(messageTokensAtMost(messages)).toBeGreaterThanOrEqual(countMessageTokens(messages));
    // A bound, not a guess: within a few times the count for English.
    expect(messageTokensAtMost(messages)).toBeLessThan(6 * countMessageTokens(messages));
  });
});
