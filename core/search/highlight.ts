import { sentenceSpans } from "../computed/tokenize";
import type { TextPart } from "./model";

/** Words as highlighting sees them: letters and digits, kept whole across an inner apostrophe or hyphen. */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Every distinct word of some texts, lowercase: what the index is asked to stem for highlighting. */
export function distinctWords(texts: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(WORD)) seen.add(m[0].toLowerCase());
  return [...seen];
}

/**
 * The text cut into plain and matched parts; `isMatch` gets each word lowercase. The parts
 * joined give the text back exactly; the UI renders them as text nodes, so nothing in a transcript
 * can become markup.
 */
export function highlight(text: string, isMatch: (word: string) => boolean): TextPart[] {
  const parts: TextPart[] = [];
  const push = (piece: string, match: boolean) => {
    if (piece === "") return;
    const last = parts.at(-1);
    if (last && last.match === match) last.text += piece;
    else parts.push({ text: piece, match });
  };
  let at = 0;
  for (const m of text.matchAll(WORD)) {
    if (!isMatch(m[0].toLowerCase())) continue;
    push(text.slice(at, m.index), false);
    push(m[0], true);
    at = m.index + m[0].length;
  }
  push(text.slice(at), false);
  return parts;
}

export interface SnippetOptions {
  /** Longest snippet in words; a longer sentence is cut around its first match. */
  maxWords?: number;
}

/**
 * The sentence of `text` whose matched words weigh most (each distinct word once, by `weight`),
 * the first one on a tie; cut to `maxWords` words around its first match, with "…" where cut.
 */
export function bestSentence(
  text: string,
  weight: (word: string) => number,
  { maxWords = 40 }: SnippetOptions = {},
): { text: string; score: number } {
  let best = { text: text.trim(), score: 0 };
  for (const { start, end } of sentenceSpans(text)) {
    const sentence = text.slice(start, end);
    const seen = new Set<string>();
    let score = 0;
    for (const m of sentence.matchAll(WORD)) {
      const w = m[0].toLowerCase();
      if (seen.has(w)) continue;
      seen.add(w);
      score += weight(w);
    }
    if (score > best.score) best = { text: sentence, score };
  }
  return { text: cutAround(best.text, weight, maxWords), score: best.score };
}

function cutAround(sentence: string, weight: (word: string) => number, maxWords: number): string {
  const tokens = [...sentence.matchAll(/\S+/g)];
  if (tokens.length <= maxWords) return sentence;
  const hit = tokens.findIndex((t) => [...t[0].matchAll(WORD)].some((w) => weight(w[0].toLowerCase()) > 0));
  const from = Math.max(0, Math.min(hit - Math.floor(maxWords / 3), tokens.length - maxWords));
  const to = from + maxWords;
  const first = tokens[from]!;
  const last = tokens[to - 1]!;
  const body = sentence.slice(first.index, last.index + last[0].length);
  return `${from > 0 ? "… " : ""}${body}${to < tokens.length ? " …" : ""}`;
}
