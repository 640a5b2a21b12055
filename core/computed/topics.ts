import * as v from "valibot";
import type { Transcript } from "../transcript/model";
import { sentenceWindows } from "./keywords";
import { type PreparedTranscript, prepareTranscript } from "./prepare-transcript";
import { countTerms, documentFrequencies, rankTerms, type TermCounts } from "./term-counts";

export const TopicSchema = v.object({
  /** Its two or three most distinctive keywords that can name a thing, a two-word phrase first. */
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
  /**
   * Content words a topic holds on average: the number of boundaries is the meeting's content words
   * over this, less one; 0 takes every valley deeper than the mean less half a deviation (Hearst's cut).
   */
  termsPerTopic?: number;
  /** Passes of a three-point moving average over the similarities. */
  smoothing?: number;
  /** Added to the depth of a valley with a turn that moves the meeting on ("let's move on to") nearby. */
  cueBonus?: number;
  /** How near (content words) such a turn must be; the boundary then moves to it. */
  cueWindow?: number;
  /** A valley this deep is a boundary whatever the length calls for: the talk plainly changed subject. */
  strongDepth?: number;
}

/**
 * Chosen on the tuning half of the dev corpus (eval/tune-topics.ts): short pseudo-sentences, wide
 * blocks (150 content words a side), a topic per 900 content words (about 5,000 words of talk) unless
 * the words plainly change, and a pull towards turns that move the meeting on. Fewer, surer
 * boundaries beat more on meetings whose topics are long.
 */
const DEFAULTS: Required<TilingOptions> = {
  pseudoSentence: 10,
  block: 15,
  minTopicTerms: 300,
  termsPerTopic: 900,
  smoothing: 1,
  cueBonus: 0.3,
  cueWindow: 200,
  strongDepth: 0.6,
};

/** Words with which a chair moves a meeting to its next part. */
const TRANSITION =
  /\b(?:move on|moving on|next (?:point|item|topic|thing|question|presentation|one|slide|part|step)|(?:let's|let us) (?:move|go|start|turn|talk|discuss|look|get|begin|continue|have)|(?:now|so) (?:we're|we are|we'll|we will) (?:going|gonna|go|talk|look|move)|(?:go|turn|get|come) (?:on )?(?:to|back to) (?:the )?(?:next|last|final|other)|(?:the )?(?:next|last|final) (?:point|item|topic|thing|presentation)|any (?:other )?(?:questions|comments)|agenda|presentation|to sum up|(?:we're|we are) (?:going|gonna) to talk about)\b/i;
/** How much of a turn's opening the cue words are looked for in. */
const CUE_CHARS = 150;

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
 * Where topics start, as positions in `transcript.segments` (never 0), by TextTiling (Hearst 1997):
 * blocks of content words on either side of each gap are compared by cosine, smoothed, and the
 * deepest valleys become boundaries, as many as the meeting's length calls for, a valley next to a
 * turn that moves the meeting on ("let's move on to finance") ranked a little higher and moved to
 * that turn, the others snapped to the nearest turn, no two closer than the minimum topic size.
 */
export function topicBoundaries(prepared: PreparedTranscript, options: TilingOptions = {}): number[] {
  const {
    pseudoSentence: w,
    block: k,
    minTopicTerms: minTerms,
    termsPerTopic,
    smoothing,
    cueBonus,
    cueWindow,
    strongDepth,
  } = {
    ...DEFAULTS,
    ...options,
  };
  const terms: string[] = [];
  /** Index of the first content word of each segment. */
  const segmentStart: number[] = [];
  for (const { sentences } of prepared.segments) {
    segmentStart.push(terms.length);
    for (const s of sentences) for (const t of s.terms) if (t !== null) terms.push(t);
  }
  if (terms.length < 2 * minTerms) return [];

  const pseudo: Vector[] = [];
  for (let i = 0; i < terms.length; i += w) {
    const counts: Vector = new Map();
    for (let j = i; j < Math.min(terms.length, i + w); j++)
      counts.set(terms[j]!, (counts.get(terms[j]!) ?? 0) + 1);
    pseudo.push(counts);
  }
  // blocks[i] sums pseudo-sentences i - k + 1 .. i; gap g lies before pseudo-sentence g + 1, and the
  // block after it is blocks[g + k], or in the last k gaps the few pseudo-sentences left.
  const blocks = slidingSums(pseudo, k);
  const gaps: number[] = [];
  for (let g = 0; g < pseudo.length - 1; g++)
    gaps.push(cosine(blocks[g]!, g + k < blocks.length ? blocks[g + k]! : sum(pseudo.slice(g + 1))));
  let scores = gaps;
  for (let i = 0; i < smoothing; i++) scores = smooth(scores);
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

  const cues = cueWindow > 0 ? cueTurns(prepared) : [];
  const cueStarts = cues.map((c) => segmentStart[c]!);
  const candidates = valleys
    .filter((x) => x.d > cutoff)
    .map(({ d, g }) => {
      const cue = nearestWithin(cueStarts, (g + 1) * w, cueWindow);
      return {
        d,
        score: d + (cue === undefined ? 0 : cueBonus),
        g,
        segment: cue === undefined ? undefined : cues[cue],
      };
    })
    .sort((a, b) => b.score - a.score || a.g - b.g);
  const chosen: number[] = [];
  const taken: number[] = [0, terms.length];
  for (const { d, g, segment: cue } of candidates) {
    if (chosen.length >= wanted && d < strongDepth) continue;
    const segment = cue ?? nearestSegment(segmentStart, (g + 1) * w);
    const at = segmentStart[segment]!;
    if (taken.every((b) => Math.abs(b - at) >= minTerms)) {
      chosen.push(segment);
      taken.push(at);
    }
  }
  return chosen.sort((a, b) => a - b);
}

/** Turns (never the first) whose opening words move the meeting on. */
function cueTurns(prepared: PreparedTranscript): number[] {
  return prepared.segments.flatMap(({ sentences }, i) => {
    if (i === 0) return [];
    const opening: string[] = [];
    for (const x of sentences) {
      opening.push(x.text);
      if (opening.join(" ").length > CUE_CHARS) break;
    }
    return TRANSITION.test(opening.join(" ").slice(0, CUE_CHARS)) ? [i] : [];
  });
}

/** Index into sorted `starts` of the one nearest `position`, if it is within `window`; binary search. */
function nearestWithin(starts: readonly number[], position: number, window: number): number | undefined {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < position) lo = mid + 1;
    else hi = mid;
  }
  let best: number | undefined;
  for (const i of [lo - 1, lo]) {
    if (i < 0 || i >= starts.length) continue;
    const d = Math.abs(starts[i]! - position);
    if (d <= window && (best === undefined || d < Math.abs(starts[best]! - position))) best = i;
  }
  return best;
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

/** "-ing" words that are things, not doings; any other "-ing" word is taken for a verb. */
const ING_NOUNS = new Set(
  "meeting marketing training recording setting casing building programming engineering lighting packaging funding wording labelling labeling clothing housing heading spring ring string thing king wing ceiling evening morning".split(
    " ",
  ),
);
const ED_NOUNS = new Set("need speed feed seed bed red shed".split(" "));
/** Verbs and interjections a meeting uses a lot that the stopword list lets through. */
const VERBS = new Set(
  "decide agree discuss suppose mention imagine wonder reckon prefer choose include explain present press push turn send show hold lose draw bring buy sell move change sorry cool thank hello bye yep awesome wow brilliant excellent perfect lovely".split(
    " ",
  ),
);

/** Whether a term can name a thing: no verb form ("decided", "looking") and no adverb in it. */
function nameLike(term: string): boolean {
  return term.split(" ").every((word) => {
    if (VERBS.has(word)) return false;
    if (word.length >= 5 && word.endsWith("ing")) return ING_NOUNS.has(word);
    if (word.length >= 4 && word.endsWith("ed")) return ED_NOUNS.has(word);
    return !(word.length >= 5 && word.endsWith("ly"));
  });
}

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
    const keywords = distinct(ranked.map((r) => r.term).filter(nameLike)).slice(0, KEYWORDS_PER_TOPIC);
    // A two-word phrase names a thing best ("scroll wheel"), so one among the first three leads.
    const phrase = keywords.slice(0, 3).find((k) => k.includes(" "));
    const title = (phrase ? [phrase, ...keywords.filter((k) => k !== phrase)] : keywords)
      .slice(0, 3)
      .join(", ");
    return {
      title: title ? title[0]!.toUpperCase() + title.slice(1) : "(no content words)",
      startSegment: t.segments[start]!.id,
      endSegment: t.segments[end]!.id,
      keywords,
    };
  });
}
