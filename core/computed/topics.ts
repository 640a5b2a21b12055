import * as v from "valibot";
import type { Transcript } from "../transcript/model";
import { sentenceWindows } from "./keywords";
import { type PreparedTranscript, prepareTranscript } from "./prepare-transcript";
import { countTerms, rankTerms, type TermCounts } from "./term-counts";

export const TopicSchema = v.object({
  /** Its two or three most distinctive keywords. */
  title: v.string(),
  startSegment: v.string(),
  endSegment: v.string(),
  keywords: v.array(v.string()),
});
export type Topic = v.InferOutput<typeof TopicSchema>;

export interface TilingOptions {
  /** Content words per pseudo-sentence (Hearst's w). */
  pseudoSentence?: number;
  /** Pseudo-sentences per block compared across a gap (Hearst's k). */
  block?: number;
  /** Fewest content words in a topic; by default two blocks (240), some four minutes of talk. */
  minTopicTerms?: number;
}

const cosine = (a: TermCounts, b: TermCounts): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [term, x] of a) {
    na += x * x;
    dot += x * (b.get(term) ?? 0);
  }
  for (const y of b.values()) nb += y * y;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
};

const smooth = (xs: readonly number[]): number[] =>
  xs.map((_, i) => {
    const window = xs.slice(Math.max(0, i - 1), i + 2);
    return window.reduce((a, b) => a + b, 0) / window.length;
  });

/** How far a gap's similarity sits below the peaks on either side of it (Hearst's depth score). */
function depths(scores: readonly number[]): number[] {
  return scores.map((s, i) => {
    let left = s;
    for (let j = i - 1; j >= 0 && scores[j]! >= left; j--) left = scores[j]!;
    let right = s;
    for (let j = i + 1; j < scores.length && scores[j]! >= right; j++) right = scores[j]!;
    return left - s + (right - s);
  });
}

/**
 * Where topics start, as positions in `transcript.segments` (never 0), by TextTiling (Hearst 1997):
 * blocks of content words on either side of each gap are compared by cosine similarity, smoothed,
 * and the deepest valleys become boundaries, snapped to the nearest turn, no two closer than the
 * minimum topic size.
 */
export function topicBoundaries(prepared: PreparedTranscript, options: TilingOptions = {}): number[] {
  const w = options.pseudoSentence ?? 20;
  const k = options.block ?? 6;
  const minTerms = options.minTopicTerms ?? 2 * k * w;
  const terms: string[] = [];
  /** Index of the first content word of each segment. */
  const segmentStart: number[] = [];
  for (const { sentences } of prepared.segments) {
    segmentStart.push(terms.length);
    for (const s of sentences) for (const t of s.terms) if (t !== null) terms.push(t);
  }
  if (terms.length < 2 * minTerms) return [];

  const pseudo: TermCounts[] = [];
  for (let i = 0; i < terms.length; i += w) {
    const counts: TermCounts = new Map();
    for (const t of terms.slice(i, i + w)) counts.set(t, (counts.get(t) ?? 0) + 1);
    pseudo.push(counts);
  }
  const merge = (from: number, to: number): TermCounts => {
    const out: TermCounts = new Map();
    for (let i = Math.max(0, from); i < Math.min(pseudo.length, to); i++) {
      for (const [t, c] of pseudo[i]!) out.set(t, (out.get(t) ?? 0) + c);
    }
    return out;
  };
  // Gap g lies before pseudo-sentence g + 1.
  const gaps = pseudo.slice(1).map((_, g) => cosine(merge(g + 1 - k, g + 1), merge(g + 1, g + 1 + k)));
  const scores = smooth(smooth(gaps));
  const depth = depths(scores);
  const valleys = depth
    .map((d, g) => ({ d, g }))
    .filter(
      ({ g }) =>
        (g === 0 || scores[g]! <= scores[g - 1]!) &&
        (g === scores.length - 1 || scores[g]! <= scores[g + 1]!),
    );
  if (valleys.length === 0) return [];
  const mean = valleys.reduce((a, x) => a + x.d, 0) / valleys.length;
  const sd = Math.sqrt(valleys.reduce((a, x) => a + (x.d - mean) ** 2, 0) / valleys.length);
  const cutoff = mean - sd / 2;

  // The nearest turn start to a word position; a run of turns without content words (backchannels)
  // stays with the topic before, so a topic opens on the turn that brings it up.
  const toSegment = (position: number): number => {
    let best = 1;
    for (let s = 1; s < segmentStart.length; s++) {
      if (Math.abs(segmentStart[s]! - position) < Math.abs(segmentStart[best]! - position)) best = s;
      if (segmentStart[s]! > position) break;
    }
    while (best + 1 < segmentStart.length && segmentStart[best + 1] === segmentStart[best]) best++;
    return best;
  };
  const chosen: number[] = [];
  for (const { g } of valleys.filter((x) => x.d > cutoff && x.d > 0).sort((a, b) => b.d - a.d || a.g - b.g)) {
    const segment = toSegment((g + 1) * w);
    const at = segmentStart[segment]!;
    const fits = [0, terms.length, ...chosen.map((c) => segmentStart[c]!)].every(
      (b) => Math.abs(b - at) >= minTerms,
    );
    if (fits) chosen.push(segment);
  }
  return chosen.sort((a, b) => a - b);
}

const KEYWORDS_PER_TOPIC = 5;

/** Drops a term that shares a word with a better one: "node" after "summary node". */
function distinct(terms: readonly string[]): string[] {
  const kept: string[] = [];
  const seen = new Set<string>();
  for (const term of terms) {
    const parts = term.split(" ");
    if (parts.some((p) => seen.has(p))) continue;
    kept.push(term);
    for (const p of parts) seen.add(p);
  }
  return kept;
}

/** The meeting cut into contiguous topics that cover every segment, in order, each titled. */
export function segmentTopics(
  t: Transcript,
  prepared: PreparedTranscript = prepareTranscript(t),
  options: TilingOptions = {},
): Topic[] {
  if (t.segments.length === 0) return [];
  const starts = [0, ...topicBoundaries(prepared, options)];
  const ranges = starts.map((start, i) => ({ start, end: (starts[i + 1] ?? t.segments.length) - 1 }));
  const counts = ranges.map(({ start, end }) =>
    countTerms(prepared.segments.slice(start, end + 1).flatMap((s) => s.sentences)),
  );
  const total: TermCounts = new Map();
  for (const c of counts) for (const [term, n] of c) total.set(term, (total.get(term) ?? 0) + n);
  const docs = sentenceWindows(prepared.sentences).map((w) => countTerms(w));
  return ranges.map(({ start, end }, i) => {
    const own = counts[i]!;
    // Share of a term's uses that fall in this topic: 1 for a word no other topic uses.
    const weight = (term: string) => (own.get(term) ?? 0) / (total.get(term) ?? 1);
    let ranked = rankTerms(own, docs, 10, { weight });
    if (ranked.length < 2) ranked = rankTerms(own, docs, 10, { weight, minCount: 1 });
    const keywords = distinct(ranked.map((r) => r.term)).slice(0, KEYWORDS_PER_TOPIC);
    const title = keywords.slice(0, 3).join(", ");
    return {
      title: title ? title[0]!.toUpperCase() + title.slice(1) : "(no content words)",
      startSegment: t.segments[start]!.id,
      endSegment: t.segments[end]!.id,
      keywords,
    };
  });
}
