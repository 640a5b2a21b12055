import type { Segment, Transcript } from "../transcript/model";
import { cleanText, isStopword, sentenceSpans, wordsOfClean } from "./tokenize";

export interface PreparedSentence {
  /** Position of its segment in `transcript.segments`. */
  segmentIndex: number;
  /** Offsets into the segment's raw text: `text.slice(start, end)` is the verbatim sentence. */
  start: number;
  end: number;
  /** Cleaned for reading: no markers, corpus tokenization undone. */
  text: string;
  /** Real words, lowercase. */
  words: string[];
  /** Parallel to `words`: the content term (plural folded) or null for a stopword. */
  terms: (string | null)[];
}

export interface PreparedSegment {
  segment: Segment;
  sentences: PreparedSentence[];
  wordCount: number;
}

/** A transcript tokenized once, so that computeAll does the work one time for every analysis. */
export interface PreparedTranscript {
  transcript: Transcript;
  segments: PreparedSegment[];
  /** All sentences in transcript order. */
  sentences: PreparedSentence[];
  totalWords: number;
}

const CONTENT = /\p{L}/u;
const NOT_PLURAL = /(ss|us|is|ous|ics|ness)$/;

/**
 * Folds a plural to the singular when the singular also occurs in this transcript ("nets" to
 * "net", "batteries" to "battery"): safer than a stemmer, which would merge "general" and "generate".
 */
function pluralFolder(vocabulary: ReadonlySet<string>): (word: string) => string {
  return (word) => {
    if (word.length < 4 || !word.endsWith("s") || NOT_PLURAL.test(word)) return word;
    const candidates = word.endsWith("ies")
      ? [`${word.slice(0, -3)}y`, word.slice(0, -1)]
      : word.endsWith("es")
        ? [word.slice(0, -1), word.slice(0, -2)]
        : [word.slice(0, -1)];
    return candidates.find((c) => vocabulary.has(c) || isStopword(c)) ?? word;
  };
}

/** Two letters are mostly cut-off words in speech ("th", "wh"), rarely content. */
const isContent = (word: string): boolean => word.length > 2 && CONTENT.test(word) && !isStopword(word);

export function prepareTranscript(transcript: Transcript): PreparedTranscript {
  const vocabulary = new Set<string>();
  const segments: PreparedSegment[] = transcript.segments.map((segment, index) => {
    const sentences = sentenceSpans(segment.text).map(({ start, end }) => {
      const text = cleanText(segment.text.slice(start, end));
      const words = wordsOfClean(text);
      for (const w of words) if (isContent(w)) vocabulary.add(w);
      return { segmentIndex: index, start, end, text, words, terms: [] as (string | null)[] };
    });
    return { segment, sentences, wordCount: sentences.reduce((n, s) => n + s.words.length, 0) };
  });
  const fold = pluralFolder(vocabulary);
  const sentences = segments.flatMap((s) => s.sentences);
  const termOf = (w: string): string | null => {
    if (!isContent(w)) return null;
    const folded = fold(w);
    return isStopword(folded) ? null : folded;
  };
  for (const sentence of sentences) sentence.terms = sentence.words.map(termOf);
  return {
    transcript,
    segments,
    sentences,
    totalWords: segments.reduce((n, s) => n + s.wordCount, 0),
  };
}
