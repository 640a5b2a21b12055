/** Summary quality: ROUGE against the human general summary, beside baselines of the same length. */
import { centroidSummary, leadSummary, longestTurnsSummary } from "../core/computed/baselines";
import type { ComputedAnalyses } from "../core/computed/compute-all";
import type { PreparedTranscript } from "../core/computed/prepare-transcript";
import { rouge1, rouge2 } from "../core/computed/rouge";
import { sentenceSpans, words } from "../core/computed/tokenize";
import { round } from "./stats";

export interface RougePair {
  r1: number;
  r2: number;
}

export interface SummaryResult {
  words: number;
  referenceWords: number;
  ours: RougePair;
  lead: RougePair;
  longestTurns: RougePair;
  centroid: RougePair;
  /** Flaws a reader would notice in our summary's text, counted. */
  flaws: { questions: number; fillers: number; stutters: number; markers: number; fragments: number };
  text: string;
}

const score = (candidate: string, reference: string): RougePair => ({
  r1: round(rouge1(candidate, reference).f1),
  r2: round(rouge2(candidate, reference).f1),
});

/** Spoken hesitations that a cleaned summary must not show. */
const FILLER_WORDS = new Set([
  "um",
  "umm",
  "uh",
  "uhm",
  "eh",
  "er",
  "erm",
  "ah",
  "hmm",
  "mm",
  "mm-hmm",
  "uh-huh",
]);
/** A sentence that ends on one of these was cut off, not finished. */
const DANGLING = new Set(
  "the a an to of and or but with for in on at by from that which is are was be our my your their this".split(
    " ",
  ),
);

/**
 * Flaws, on the output text as a user reads it: a sentence ending in "?", a filler word, a word said
 * twice in a row ("I I"), a corpus marker, and fragments (a sentence of fewer than four words or one
 * that ends on a function word, "and the").
 */
export function summaryFlaws(text: string): SummaryResult["flaws"] {
  const flaws = {
    questions: 0,
    fillers: 0,
    stutters: 0,
    markers: (text.match(/[{}]/g) ?? []).length / 2,
    fragments: 0,
  };
  for (const { start, end } of sentenceSpans(text)) {
    const sentence = text.slice(start, end);
    const ws = words(sentence);
    if (ws.length === 0) continue;
    if (sentence.trimEnd().endsWith("?")) flaws.questions++;
    flaws.fillers += ws.filter((w) => FILLER_WORDS.has(w)).length;
    flaws.stutters += ws.filter((w, i) => i > 0 && w === ws[i - 1]).length;
    if (ws.length < 4 || DANGLING.has(ws.at(-1)!)) flaws.fragments++;
  }
  return flaws;
}

export function evaluateSummary(
  computed: ComputedAnalyses,
  prepared: PreparedTranscript,
  reference: string,
): SummaryResult {
  const text = computed.summary.map((i) => i.text).join(" ");
  const n = words(text).length;
  return {
    words: n,
    referenceWords: words(reference).length,
    ours: score(text, reference),
    lead: score(leadSummary(prepared, n), reference),
    longestTurns: score(longestTurnsSummary(prepared, n), reference),
    centroid: score(centroidSummary(prepared, n), reference),
    flaws: summaryFlaws(text),
    text,
  };
}
