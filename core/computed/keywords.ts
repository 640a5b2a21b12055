import * as v from "valibot";
import type { Transcript } from "../transcript/model";
import { type PreparedSentence, type PreparedTranscript, prepareTranscript } from "./prepare-transcript";
import { countTerms, rankTerms, type TermCounts } from "./term-counts";

export const KeywordSchema = v.object({
  /** A content word or a two-word phrase, lowercase, plurals folded to the singular. */
  term: v.string(),
  /** Relative to the top keyword, which scores 1. */
  score: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
});
export type Keyword = v.InferOutput<typeof KeywordSchema>;

/** Words per document for the IDF: a few minutes of talk, enough to hold one line of discussion. */
const WINDOW_WORDS = 150;

/** Consecutive sentences grouped into windows of about `size` words. */
export function sentenceWindows(
  sentences: readonly PreparedSentence[],
  size = WINDOW_WORDS,
): PreparedSentence[][] {
  const windows: PreparedSentence[][] = [];
  let current: PreparedSentence[] = [];
  let count = 0;
  for (const sentence of sentences) {
    current.push(sentence);
    count += sentence.words.length;
    if (count >= size) {
      windows.push(current);
      current = [];
      count = 0;
    }
  }
  // A short tail joins the last window rather than standing as a document of its own.
  if (current.length > 0) {
    if (windows.length > 0 && count < size / 2) windows.at(-1)!.push(...current);
    else windows.push(current);
  }
  return windows;
}

/** The `n` most characteristic terms of the meeting, unigrams and bigrams, best first. */
export function extractKeywords(
  t: Transcript,
  n = 20,
  prepared: PreparedTranscript = prepareTranscript(t),
): Keyword[] {
  const docs = sentenceWindows(prepared.sentences).map((w) => countTerms(w));
  const total: TermCounts = new Map();
  for (const doc of docs) for (const [term, count] of doc) total.set(term, (total.get(term) ?? 0) + count);
  const ranked = rankTerms(total, docs, n);
  const top = ranked[0]?.score ?? 1;
  return ranked.map((r) => ({ term: r.term, score: Math.round((r.score / top) * 1000) / 1000 }));
}
