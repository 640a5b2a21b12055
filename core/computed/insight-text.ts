import { cleanText, tidyText } from "./tokenize";

/** How an insight quotes its sentence (verbatim) and sums it up (cleaned, short). */

const SUMMARY_WORDS = 30;
const QUOTE_WORDS = 40;
const OPENERS = /^(?:(?:so|and|but|well|okay|ok|right|yeah|yes|alright|now|oh)\b,?\s*)+/i;
const DANGLING =
  /\b(?:on|to|the|a|an|of|for|with|about|at|in|by|and|or|is|are|be|that|which|what|our|my|your|their)$/i;

/**
 * The span of the sentence to quote: all of it when short, else the fewest clauses (cut at commas
 * and markers) that still match, trimmed of markers and commas at either end.
 */
export function quoteSpan(raw: string, pattern: RegExp, words: number): { start: number; end: number } {
  if (words <= QUOTE_WORDS) return trimSpan(raw, 0, raw.length);
  const cuts = [0];
  for (const m of raw.matchAll(/[,;:]|\{[^{}]*\}/g)) cuts.push(m.index, m.index + m[0].length);
  cuts.push(raw.length);
  const starts = cuts.filter((_, i) => i % 2 === 0);
  const ends = cuts.filter((_, i) => i % 2 === 1);
  const matches = (a: number, b: number) => pattern.test(cleanText(raw.slice(a, b)));
  let from = 0;
  let to = ends.length - 1;
  while (from < to && matches(starts[from + 1]!, ends[to]!)) from++;
  while (to > from && matches(starts[from]!, ends[to - 1]!)) to--;
  // A bare cue ("we decided") or a clause broken off ("working on {disfmarker} on the design")
  // needs the clause after it to say what.
  while (to < ends.length - 1) {
    const text = cleanText(raw.slice(starts[from]!, ends[to]!));
    if (text.split(" ").length >= 8 && !DANGLING.test(text)) break;
    to++;
  }
  return trimSpan(raw, starts[from]!, ends[to]!);
}

function trimSpan(raw: string, from: number, to: number): { start: number; end: number } {
  let start = from;
  let end = to;
  const lead = /^(?:[\s,;:]|\{[^{}]*\})+/.exec(raw.slice(start, end));
  if (lead) start += lead[0].length;
  const trail = /(?:[\s,;:]|\{[^{}]*\})+$/.exec(raw.slice(start, end));
  if (trail) end -= trail[0].length;
  return { start, end };
}

/**
 * A long sentence starts at the last clause break before the cue ("… and so we decided to …"),
 * so the summary holds what the cue is about, and is cut after SUMMARY_WORDS.
 */
export function shorten(text: string, pattern: RegExp): string {
  let out = tidyText(text.replace(OPENERS, ""));
  if (out.split(" ").length > SUMMARY_WORDS) {
    const at = pattern.exec(out)?.index ?? 0;
    const joints = [...out.slice(0, at).matchAll(/(?:\b(?:and so|and then|and|so|but|because|then)|,)\s+/gi)];
    // After a conjunction the cue may open the clause; after a comma, keep the words leading up to it.
    const joint = joints
      .reverse()
      .find((j) => j[0].trim() !== "," || out.slice(j.index + j[0].length, at).split(" ").length > 5);
    if (joint) out = tidyText(out.slice(joint.index + joint[0].length).replace(OPENERS, ""));
  }
  const words = out.split(" ");
  return words.length <= SUMMARY_WORDS
    ? out
    : `${words
        .slice(0, SUMMARY_WORDS)
        .join(" ")
        .replace(/[,;:]$/, "")}…`;
}
