import type { PreparedTranscript } from "./prepare-transcript";
import { cleanText, tidyText, words } from "./tokenize";

/**
 * Reference points for the benchmark and the evaluation: what a method must beat to be worth
 * having. Every summary baseline is cut to the same word count as the summary it is compared with.
 */

const cut = (texts: readonly string[], wordCount: number): string =>
  words(texts.join(" ")).slice(0, wordCount).join(" ");

/** Units taken best first until they hold `wordCount` words, put back in transcript order. */
function takeBest(ranked: readonly { index: number; words: number }[], wordCount: number): number[] {
  const picked: number[] = [];
  let total = 0;
  for (const { index, words: n } of ranked) {
    if (total >= wordCount) break;
    picked.push(index);
    total += n;
  }
  return picked.sort((a, b) => a - b);
}

/** The meeting's opening words: the first turns, cut to `wordCount` words. */
export function leadSummary(prepared: PreparedTranscript, wordCount: number): string {
  const picked: string[] = [];
  let total = 0;
  for (const s of prepared.segments) {
    if (total >= wordCount) break;
    picked.push(tidyText(cleanText(s.segment.text)));
    total += s.wordCount;
  }
  return cut(picked, wordCount);
}

/** The longest turns, put back in transcript order and cut to `wordCount` words. */
export function longestTurnsSummary(prepared: PreparedTranscript, wordCount: number): string {
  const byLength = prepared.segments
    .map((s, index) => ({ index, words: s.wordCount }))
    .sort((a, b) => b.words - a.words || a.index - b.index);
  return cut(
    takeBest(byLength, wordCount).map((i) => tidyText(cleanText(prepared.segments[i]!.segment.text))),
    wordCount,
  );
}

/**
 * The centroid summary of MEAD (Radev et al. 2004) in its plain form: sentences of at least
 * `minWords` words ranked by the cosine of their TF-IDF vector (IDF over the meeting's sentences)
 * with the meeting's centroid (IDF smoothed, ln(1 + N / df)), taken best first, put back in transcript order, cut to `wordCount`.
 */
export function centroidSummary(prepared: PreparedTranscript, wordCount: number, minWords = 5): string {
  const df = new Map<string, number>();
  for (const s of prepared.sentences)
    for (const term of new Set(s.terms)) if (term !== null) df.set(term, (df.get(term) ?? 0) + 1);
  const n = prepared.sentences.length;
  const vectors = prepared.sentences.map((s) => {
    const v = new Map<string, number>();
    for (const term of s.terms)
      if (term !== null) v.set(term, (v.get(term) ?? 0) + Math.log(1 + n / (df.get(term) ?? 1)));
    return v;
  });
  const centroid = new Map<string, number>();
  for (const v of vectors) for (const [t, x] of v) centroid.set(t, (centroid.get(t) ?? 0) + x / n);
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((a, x) => a + x * x, 0));
  const centroidNorm = norm(centroid);
  const ranked = prepared.sentences
    .map((s, index) => {
      const v = vectors[index]!;
      let dot = 0;
      for (const [t, x] of v) dot += x * (centroid.get(t) ?? 0);
      const d = norm(v) * centroidNorm;
      return { index, words: s.words.length, score: d > 0 ? dot / d : 0 };
    })
    .filter((x) => x.words >= minWords)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  return cut(
    takeBest(ranked, wordCount).map((i) => tidyText(prepared.sentences[i]!.text)),
    wordCount,
  );
}

/** `count` topic starts spread evenly over `segmentCount` segments (positions, never 0). */
export function evenBoundaries(segmentCount: number, count: number): number[] {
  const starts = new Set<number>();
  for (let i = 1; i <= count; i++) starts.add(Math.round((i * segmentCount) / (count + 1)));
  starts.delete(0);
  return [...starts].sort((a, b) => a - b);
}
