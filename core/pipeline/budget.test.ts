import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateBudget, truncateToTokens } from "./budget";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("fair-share budget", () => {
  it("gives everyone everything when it all fits", () => {
    expect(allocateBudget([100, 200, 50], 1000)).toEqual([100, 200, 50]);
  });

  it("keeps a short analysis whole and splits the rest in proportion to length", () => {
    const alloc = allocateBudget([100, 9000, 3000], 3000);
    expect(alloc[0]).toBe(100);
    expect(sum(alloc)).toBe(3000);
    expect(alloc[1]! / alloc[2]!).toBeGreaterThan(1.5);
  });

  it("does not let one huge analysis crowd out the others", () => {
    const alloc = allocateBudget([100_000, 2000, 2000, 2000], 8000);
    for (const small of alloc.slice(1)) expect(small).toBeGreaterThanOrEqual(1000);
  });

  it("holds its promises for any lengths and budget (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 200_000 }),
        (lengths, budget) => {
          const alloc = allocateBudget(lengths, budget);
          const n = lengths.length;
          const floor = Math.floor(budget / (2 * n));
          expect(alloc).toHaveLength(n);
          // never over the budget, never more than an analyzer has
          expect(sum(alloc)).toBeLessThanOrEqual(Math.max(budget, sum(lengths) <= budget ? sum(lengths) : 0));
          alloc.forEach((a, i) => {
            expect(a).toBeGreaterThanOrEqual(0);
            expect(a).toBeLessThanOrEqual(lengths[i]!);
            // no analyzer starved: each gets its floor or all it has
            expect(a).toBeGreaterThanOrEqual(Math.min(lengths[i]!, floor));
          });
          // no budget wasted while someone is still cut
          if (sum(lengths) > budget) expect(sum(alloc)).toBe(budget);
          // proportionality: a longer output never gets less than a shorter one
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++)
              if (lengths[i]! >= lengths[j]!) expect(alloc[i]!).toBeGreaterThanOrEqual(alloc[j]! - 1);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("truncating to a token budget", () => {
  const words = (s: string) => (s.trim() === "" ? 0 : s.trim().split(/\s+/).length);

  it("leaves a text that fits alone", () => {
    expect(truncateToTokens("a b c", 3, words)).toBe("a b c");
  });

  it("cuts a long text to the budget and says how much it kept", () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i} has five words`).join("\n");
    const out = truncateToTokens(text, 60, words);
    expect(words(out)).toBeLessThanOrEqual(60);
    expect(out).toMatch(/shortened to fit the context budget: \d+ of 250 tokens kept\]$/);
    expect(text.startsWith(out.slice(0, out.indexOf("\n[…")))).toBe(true);
  });
});
