import type { PreparedTranscript } from "./prepare-transcript";
import { cleanText, tidyText, words } from "./tokenize";

/**
 * Reference points for the benchmark: what a method must beat to be worth having.
 */

/** The longest turns, put back in transcript order and cut to `wordCount` words. */
export function longestTurnsSummary(prepared: PreparedTranscript, wordCount: number): string {
  const byLength = prepared.segments
    .map((s, index) => ({ index, words: s.wordCount }))
    .sort((a, b) => b.words - a.words || a.index - b.index);
  const picked: number[] = [];
  let total = 0;
  for (const { index, words: n } of byLength) {
    if (total >= wordCount) break;
    picked.push(index);
    total += n;
  }
  const text = picked
    .sort((a, b) => a - b)
    .map((i) => tidyText(cleanText(prepared.segments[i]!.segment.text)))
    .join(" ");
  return words(text).slice(0, wordCount).join(" ");
}

/** `count` topic starts spread evenly over `segmentCount` segments (positions, never 0). */
export function evenBoundaries(segmentCount: number, count: number): number[] {
  const starts = new Set<number>();
  for (let i = 1; i <= count; i++) starts.add(Math.round((i * segmentCount) / (count + 1)));
  starts.delete(0);
  return [...starts].sort((a, b) => a - b);
}
