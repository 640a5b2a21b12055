import * as v from "valibot";
import type { Transcript } from "../transcript/model";
import { sentenceWindows } from "./keywords";
import { FILLERS } from "./lexicons";
import { type PreparedSentence, type PreparedTranscript, prepareTranscript } from "./prepare-transcript";
import { isQuestion } from "./questions";
import { countTerms } from "./term-counts";
import { tidyText, wordsOfClean } from "./tokenize";

export const SummarySentenceSchema = v.object({
  segmentId: v.string(),
  speaker: v.string(),
  /** One or more consecutive sentences of the segment, cleaned of markers and hesitations. */
  text: v.string(),
});
export type SummarySentence = v.InferOutput<typeof SummarySentenceSchema>;

export interface SummaryOptions {
  /** Word budget; by default min(150, 10% of the meeting's words), at least 40: about as long as a note-taker's. */
  maxWords?: number;
  /** Weights, for the evaluation harness's tuning; the defaults are the chosen ones. */
  weights?: Partial<typeof WEIGHTS>;
}

/** Chosen on the tuning half of the dev corpus (eval/tune-summary.ts). */
const WEIGHTS = {
  /** Redundancy trade-off of maximal marginal relevance: 1 ignores redundancy. */
  lambda: 0.7,
  /** The centroid keeps the meeting's top terms only, so rare words do not pull sentences (Radev et al. 2004). */
  centroidTerms: 50,
  /** Factor for sentences that open, frame or settle the meeting (AGENDA). */
  agenda: 1.5,
  /** Factor for sentences in the first tenth of the meeting. */
  opening: 1.2,
  /** Factor for sentences in the last tenth, where a chair sums up. */
  closing: 1,
  /** Relevance is divided by the sentence's length to this power: below 0.5 longer, fuller sentences win. */
  lengthPower: 0.3,
};

const MIN_WORDS = 6;
/** A sentence that ends on one of these broke off. */
const DANGLING =
  /\b(?:the|a|an|to|of|and|or|but|with|for|in|on|at|by|from|that|which|is|are|was|be|our|my|your|their|this|so|if|like)[,;:]?$/i;
/** Sentences that open or frame a meeting, which human summaries lean on. */
const AGENDA =
  /\b(agenda|meeting|project|today|aim|goal|purpose|decide|decided|decision|discuss|budget|plan|next step)\b/i;

type Vector = Map<string, number>;

const norm = (x: Vector): number => Math.sqrt([...x.values()].reduce((a, b) => a + b * b, 0));
const cosine = (a: Vector, na: number, b: Vector, nb: number): number => {
  if (na === 0 || nb === 0) return 0;
  let dot = 0;
  for (const [t, x] of a) dot += x * (b.get(t) ?? 0);
  return dot / (na * nb);
};

export function defaultSummaryBudget(totalWords: number): number {
  return Math.min(150, Math.max(40, Math.round(totalWords * 0.1)));
}

/**
 * An extractive summary: sentences chosen by closeness to the meeting's TF-IDF centroid, with
 * maximal marginal relevance against repeats, short and filler-heavy sentences scored down and
 * early or agenda sentences a little up; returned in transcript order, grouped by segment.
 */
export function extractiveSummary(
  t: Transcript,
  options: SummaryOptions = {},
  prepared: PreparedTranscript = prepareTranscript(t),
): SummarySentence[] {
  const budget = options.maxWords ?? defaultSummaryBudget(prepared.totalWords);
  const W = { ...WEIGHTS, ...options.weights };
  const docs = sentenceWindows(prepared.sentences).map((w) => countTerms(w));
  const df = new Map<string, number>();
  for (const doc of docs)
    for (const term of doc.keys()) if (!term.includes(" ")) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = (term: string) => Math.log(1 + docs.length / (df.get(term) ?? 1));

  const vectorOf = (s: PreparedSentence): Vector => {
    const vec: Vector = new Map();
    for (const term of s.terms) if (term !== null) vec.set(term, (vec.get(term) ?? 0) + idf(term));
    return vec;
  };
  const centroid: Vector = new Map();
  let wordsBefore = 0;
  const candidates = prepared.sentences.flatMap((sentence, order) => {
    const position = wordsBefore / Math.max(1, prepared.totalWords);
    wordsBefore += sentence.words.length;
    const vector = vectorOf(sentence);
    for (const [term, x] of vector) centroid.set(term, (centroid.get(term) ?? 0) + x);
    const n = sentence.words.length;
    // A summary states; a question, a fragment cut off mid-phrase or a run of hesitations says nothing.
    if (n < MIN_WORDS || vector.size < 2 || isQuestion(sentence)) return [];
    const shown = tidyText(sentence.text);
    if (wordsOfClean(shown).length < MIN_WORDS || DANGLING.test(shown.replace(/[.!]+$/, ""))) return [];
    const fillers = sentence.words.filter((w, i) => FILLERS.has(w) || w === sentence.words[i - 1]).length;
    const weight =
      Math.min(1, n / 15) *
      Math.min(1, Math.sqrt(40 / n)) *
      (1 - fillers / n) ** 2 *
      (position < 0.1 ? W.opening : 1) *
      (position > 0.9 ? W.closing : 1) *
      (AGENDA.test(sentence.text) ? W.agenda : 1);
    return [{ sentence, order, vector, norm: norm(vector), weight, relevance: 0, redundancy: 0 }];
  });
  const top = new Map(
    [...centroid].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, W.centroidTerms),
  );
  const topNorm = norm(top);
  // Centroid mass of the sentence's distinct terms, damped by the square root of its length so
  // that neither fragments nor run-on sentences win.
  for (const c of candidates) {
    let mass = 0;
    for (const term of c.vector.keys()) mass += top.get(term) ?? 0;
    c.relevance = topNorm > 0 ? (mass / topNorm / c.sentence.words.length ** W.lengthPower) * c.weight : 0;
  }

  const chosen: typeof candidates = [];
  let used = 0;
  let pool = candidates.filter((c) => c.sentence.words.length <= budget);
  while (pool.length > 0 && used < budget) {
    let best = pool[0]!;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const c of pool) {
      const score = W.lambda * c.relevance - (1 - W.lambda) * c.redundancy;
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    chosen.push(best);
    used += best.sentence.words.length;
    pool = pool.filter((c) => c !== best && used + c.sentence.words.length <= budget);
    // Redundancy is the closest likeness to anything chosen so far; only the newcomer can raise it.
    for (const c of pool)
      c.redundancy = Math.max(c.redundancy, cosine(c.vector, c.norm, best.vector, best.norm));
  }

  // Sentences that follow each other in one segment read as one item.
  const items: SummarySentence[] = [];
  let last = -2;
  for (const { sentence, order } of chosen.sort((a, b) => a.order - b.order)) {
    const segment = t.segments[sentence.segmentIndex]!;
    const text = tidyText(sentence.text);
    if (order === last + 1 && items.at(-1)?.segmentId === segment.id) items.at(-1)!.text += ` ${text}`;
    else items.push({ segmentId: segment.id, speaker: segment.speaker, text });
    last = order;
  }
  return items;
}
