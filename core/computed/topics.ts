import * as v from "valibot";
import type { Transcript } from "../transcript/model";
import { sentenceWindows } from "./keywords";
import { type PreparedTranscript, prepareTranscript } from "./prepare-transcript";
import { countTerms, documentFrequencies, rankTerms, type TermCounts } from "./term-counts";

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
  /** Fewest content words in a topic. */
  minTopicTerms?: number;
  /** Content words a topic holds on average: the number of boundaries is the meeting's content words over this, less one. */
  termsPerTopic?: number;
  /** Weight of the change of who talks across a gap, beside the change of words (0 to 1). */
  speakerWeight?: number;
}

type Vector = Map<string, number>;

const cosine = (a: Vector, b: Vector): number => {
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

/** A three-point moving average, by running sums: linear in the number of gaps. */
const smooth = (xs: readonly number[]): number[] =>
  xs.map((x, i) => {
    const before = i > 0 ? xs[i - 1]! : undefined;
    const after = i + 1 < xs.length ? xs[i + 1]! : undefined;
    return (
      (x + (before ?? 0) + (after ?? 0)) /
      (1 + (before === undefined ? 0 : 1) + (after === undefined ? 0 : 1))
    );
  });

/**
 * How far each gap's similarity sits below the peaks on either side of it (Hearst's depth score).
 * Climbing left from gap i passes gap i - 1 exactly when it is no lower, and then goes on as the
 * climb from i - 1 would, so each side is one pass: linear even on a flat stretch, where climbing
 * from every gap anew took quadratic time.
 */
export function depths(scores: readonly number[]): number[] {
  const n = scores.length;
  const left = new Array<number>(n);
  const right = new Array<number>(n);
  for (let i = 0; i < n; i++) left[i] = i > 0 && scores[i - 1]! >= scores[i]! ? left[i - 1]! : scores[i]!;
  for (let i = n - 1; i >= 0; i--)
    right[i] = i + 1 < n && scores[i + 1]! >= scores[i]! ? right[i + 1]! : scores[i]!;
  return scores.map((s, i) => left[i]! - s + (right[i]! - s));
}

/** Sums of `counts[from..to)` kept as a sliding window: each step adds one map and drops one. */
function slidingSums(counts: readonly Vector[], width: number): Vector[] {
  const out: Vector[] = [];
  const sum: Vector = new Map();
  const add = (v: Vector, sign: number) => {
    for (const [t, c] of v) {
      const x = (sum.get(t) ?? 0) + sign * c;
      if (x === 0) sum.delete(t);
      else sum.set(t, x);
    }
  };
  for (let i = 0; i < counts.length; i++) {
    add(counts[i]!, 1);
    if (i >= width) add(counts[i - width]!, -1);
    out.push(new Map(sum));
  }
  return out;
}

/**
 * Where topics start, as positions in `transcript.segments` (never 0), by TextTiling (Hearst 1997)
 * on meeting talk: blocks of content words on either side of each gap are compared by cosine, and
 * so is who does the talking (a presentation is one voice, a discussion many); the weighted
 * similarity is smoothed, and the deepest valleys become boundaries, as many as the meeting's length
 * calls for, snapped to the nearest turn, no two closer than the minimum topic size.
 */
export function topicBoundaries(prepared: PreparedTranscript, options: TilingOptions = {}): number[] {
  const w = options.pseudoSentence ?? 20;
  const k = options.block ?? 6;
  const minTerms = options.minTopicTerms ?? 2 * k * w;
  const termsPerTopic = options.termsPerTopic ?? 0;
  const speakerWeight = options.speakerWeight ?? 0;
  const terms: string[] = [];
  const speakers: string[] = [];
  /** Index of the first content word of each segment. */
  const segmentStart: number[] = [];
  for (const { segment, sentences } of prepared.segments) {
    segmentStart.push(terms.length);
    for (const s of sentences)
      for (const t of s.terms)
        if (t !== null) {
          terms.push(t);
          speakers.push(segment.speaker);
        }
  }
  if (terms.length < 2 * minTerms) return [];

  const pseudo: Vector[] = [];
  const voices: Vector[] = [];
  for (let i = 0; i < terms.length; i += w) {
    const counts: Vector = new Map();
    const who: Vector = new Map();
    for (let j = i; j < Math.min(terms.length, i + w); j++) {
      counts.set(terms[j]!, (counts.get(terms[j]!) ?? 0) + 1);
      who.set(speakers[j]!, (who.get(speakers[j]!) ?? 0) + 1);
    }
    pseudo.push(counts);
    voices.push(who);
  }
  // blocks[i] sums pseudo-sentences i - k + 1 .. i; gap g lies before pseudo-sentence g + 1.
  const blocks = slidingSums(pseudo, k);
  const voiceBlocks = slidingSums(voices, k);
  const gapCount = pseudo.length - 1;
  const gaps: number[] = [];
  // The block after gap g is pseudo-sentences g + 1 .. g + k: blocks[g + k], or, in the last k
  // gaps, the few pseudo-sentences left, summed directly.
  const after = (b: readonly Vector[], units: readonly Vector[], g: number): Vector =>
    g + k < b.length ? b[g + k]! : sum(units.slice(g + 1));
  for (let g = 0; g < gapCount; g++) {
    const lexical = cosine(blocks[g]!, after(blocks, pseudo, g));
    const voice = speakerWeight > 0 ? cosine(voiceBlocks[g]!, after(voiceBlocks, voices, g)) : 0;
    gaps.push((1 - speakerWeight) * lexical + speakerWeight * voice);
  }
  const scores = smooth(smooth(gaps));
  const depth = depths(scores);
  const valleys = depth
    .map((d, g) => ({ d, g }))
    .filter(
      ({ g, d }) =>
        d > 0 &&
        (g === 0 || scores[g]! <= scores[g - 1]!) &&
        (g === scores.length - 1 || scores[g]! <= scores[g + 1]!),
    );
  if (valleys.length === 0) return [];
  const mean = valleys.reduce((a, x) => a + x.d, 0) / valleys.length;
  const sd = Math.sqrt(valleys.reduce((a, x) => a + (x.d - mean) ** 2, 0) / valleys.length);
  const cutoff = termsPerTopic > 0 ? 0 : mean - sd / 2;
  const wanted = termsPerTopic > 0 ? Math.max(0, Math.round(terms.length / termsPerTopic) - 1) : Infinity;

  const toSegment = (position: number): number => nearestSegment(segmentStart, position);
  const chosen: number[] = [];
  const taken: number[] = [0, terms.length];
  for (const { g } of valleys.filter((x) => x.d > cutoff).sort((a, b) => b.d - a.d || a.g - b.g)) {
    if (chosen.length >= wanted) break;
    const segment = toSegment((g + 1) * w);
    const at = segmentStart[segment]!;
    if (taken.every((b) => Math.abs(b - at) >= minTerms)) {
      chosen.push(segment);
      taken.push(at);
    }
  }
  return chosen.sort((a, b) => a - b);
}

function sum(vectors: readonly Vector[]): Vector {
  const out: Vector = new Map();
  for (const v of vectors) for (const [t, c] of v) out.set(t, (out.get(t) ?? 0) + c);
  return out;
}

/**
 * The turn whose start is nearest a word position (never turn 0), by binary search; a run of turns
 * without content words (backchannels) stays with the topic before, so a topic opens on the turn
 * that brings it up.
 */
function nearestSegment(segmentStart: readonly number[], position: number): number {
  let lo = 1;
  let hi = segmentStart.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segmentStart[mid]! < position) lo = mid + 1;
    else hi = mid;
  }
  let best = lo;
  if (best > 1 && Math.abs(segmentStart[best - 1]! - position) <= Math.abs(segmentStart[best]! - position))
    best--;
  while (best + 1 < segmentStart.length && segmentStart[best + 1] === segmentStart[best]) best++;
  return best;
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
  const df = documentFrequencies(docs);
  return ranges.map(({ start, end }, i) => {
    const own = counts[i]!;
    // Share of a term's uses that fall in this topic: 1 for a word no other topic uses.
    const weight = (term: string) => (own.get(term) ?? 0) / (total.get(term) ?? 1);
    let ranked = rankTerms(own, docs, 10, { weight, df });
    if (ranked.length < 2) ranked = rankTerms(own, docs, 10, { weight, df, minCount: 1 });
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
