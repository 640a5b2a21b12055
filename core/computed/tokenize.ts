import { STOPWORDS } from "./lexicons";

/**
 * Corpus annotations such as `{vocalsound}`, `{disfmarker}`, `{gap}`: never words, never shown.
 * Curly braces do not occur in ordinary speech, so any braced run counts.
 */
const MARKER = /\{[^{}]*\}/g;

/** A span of a segment's text, by UTF-16 offsets, so a quote can be cut out verbatim. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Text as a reader should see it: markers gone, and the AMI/ICSI tokenization undone ("I 'm" is
 * "I'm", "don 't" is "don't", "Bayes - net" is "Bayes-net", "T_V_" is "TV", "here ." is "here.").
 */
export function cleanText(raw: string): string {
  return raw
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(MARKER, " ")
    .replace(/(?<![\p{L}\p{N}])(?:[A-Z]_)+/gu, (spelled) => spelled.replaceAll("_", ""))
    .replace(/([\p{L}\p{N}]) '(s|m|d|re|ve|ll|t)(?![\p{L}\p{N}])/giu, "$1'$2")
    .replace(/([\p{L}\p{N}]) (n't)(?![\p{L}\p{N}])/giu, "$1$2")
    .replace(/([\p{L}\p{N}]) - (?=[\p{L}\p{N}])/gu, "$1-")
    .replace(/\s+([.,?!;:])/g, "$1")
    .replace(/([,;:])(?:\s*[,;:])+/g, "$1")
    .replace(/\s+/g, " ")
    .replace(/^[\s,;:.]+/, "")
    .trim();
}

const HESITATION =
  /(?<![\p{L}\p{N}'-])(?:u+m+|u+h+|uhm|e+r+m*|h+m+|m+|e+h+|a+h+|mm-hmm|uh-huh|um-hmm)(?![\p{L}\p{N}'-]),?\s*/giu;
const REPEAT = /(?<![\p{L}\p{N}'-])([\p{L}\p{N}]+(?:'[\p{L}]+)?)(?:,? \1)+(?![\p{L}\p{N}'-])/giu;

/**
 * Clean text made easier to read: hesitations ("um", "uh", "eh", "mm-hmm") and stutters ("the the",
 * "I I I") removed, first letter capitalized. For display only; analyses count the words of cleanText.
 */
export function tidyText(clean: string): string {
  const tidy = clean
    .replace(HESITATION, "")
    .replace(REPEAT, "$1")
    .replace(/\s+([.,?!;:])/g, "$1")
    .replace(/([,;:])(?:\s*[,;:.?!])+/g, (m) => m.trim().slice(-1))
    .replace(/^[\s,;:.]+/, "")
    .replace(/\s+/g, " ")
    .trim();
  return tidy.charAt(0).toUpperCase() + tidy.slice(1);
}

const WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;

/** Lowercase words of text that is already clean: no markers, no punctuation-only tokens. */
export function wordsOfClean(clean: string): string[] {
  return clean.toLowerCase().match(WORD) ?? [];
}

/** The real words of raw transcript text, lowercased. */
export function words(raw: string): string[] {
  return wordsOfClean(cleanText(raw));
}

export const isStopword = (word: string): boolean => STOPWORDS.has(word);

const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "st",
  "vs",
  "etc",
  "e.g",
  "i.e",
  "cf",
  "approx",
]);
const SENTENCE_END = /[.?!]+["')\]]*(?=\s|$)/g;
const HAS_WORD = /[\p{L}\p{N}]/u;

/**
 * Sentence spans of raw segment text, in order. A period after a common abbreviation does not end
 * a sentence; a quote left open takes its closing mark along ('says " why ? "'); a fragment with
 * no words (a stray marker) joins the sentence before it.
 */
export function sentenceSpans(raw: string): TextSpan[] {
  const spans: TextSpan[] = [];
  let from = 0;
  const push = (start: number, end: number) => {
    const text = raw.slice(start, end);
    const lead = text.length - text.trimStart().length;
    const span = { start: start + lead, end: start + text.trimEnd().length };
    if (span.end <= span.start) return;
    const last = spans.at(-1);
    if (last && !HAS_WORD.test(raw.slice(span.start, span.end).replace(MARKER, ""))) last.end = span.end;
    else spans.push(span);
  };
  for (const m of raw.matchAll(SENTENCE_END)) {
    const before = /(\S+)$/.exec(raw.slice(from, m.index))?.[1]?.toLowerCase();
    if (m[0].startsWith(".") && before && ABBREVIATIONS.has(before)) continue;
    let end = m.index + m[0].length;
    const quotes = raw.slice(from, end).split('"').length - 1;
    const closing = quotes % 2 === 1 ? /^\s*"/.exec(raw.slice(end)) : null;
    if (closing) end += closing[0].length;
    push(from, end);
    from = end;
  }
  push(from, raw.length);
  return spans;
}
