import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Segment } from "../transcript/model";
import { chunkSegments } from "./chunking";

const seg = (i: number, words: number): Segment => ({
  id: `seg-${i + 1}`,
  index: i,
  speaker: i % 2 ? "Bob" : "Alice",
  text: Array.from({ length: words }, (_, w) => `w${w}.`).join(" "),
});
const wordsOf = (s: Segment) => s.text.split(/\s+/).length;

describe("chunking a long transcript", () => {
  it("keeps each chunk within the budget and every segment in some chunk, in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 100, max: 2000 }),
        (sizes, budget) => {
          const segments = sizes.map((n, i) => seg(i, n));
          const chunks = chunkSegments(segments, budget, wordsOf, 2);
          const seen = new Set<string>();
          let lastFirst = -1;
          for (const c of chunks) {
            expect(c.segments.reduce((a, s) => a + wordsOf(s), 0)).toBeLessThanOrEqual(budget);
            const first = c.segments[0]!.index;
            expect(first).toBeGreaterThanOrEqual(lastFirst);
            lastFirst = first;
            for (const s of c.segments) seen.add(s.id);
          }
          expect(seen.size).toBe(segments.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("repeats the end of one chunk at the start of the next", () => {
    const segments = Array.from({ length: 30 }, (_, i) => seg(i, 10));
    const chunks = chunkSegments(segments, 100, wordsOf, 2);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks[1]!.segments.slice(0, 2).map((s) => s.id)).toEqual(
      chunks[0]!.segments.slice(-2).map((s) => s.id),
    );
  });

  it("splits a single segment longer than a chunk into parts that keep its id", () => {
    const chunks = chunkSegments([seg(0, 1000)], 200, wordsOf);
    expect(chunks.length).toBeGreaterThanOrEqual(5);
    const parts = chunks.flatMap((c) => c.segments);
    expect(parts.every((p) => p.id === "seg-1")).toBe(true);
    const rejoined = parts.map((p) => p.text.replace(/^\(part \d+ of \d+\) /, "")).join(" ");
    expect(rejoined.split(/\s+/).length).toBe(1000);
  });
});
