import { parseClockTime } from "./timestamp";

/**
 * Reading `Alice: hello`, `[00:12] Dr. Smith: hi`, `**PM (Alex):** ok`, `[Q] why?` and the like.
 * Only the first HEAD_CHARS of a line are examined and every pattern is anchored, so a hostile
 * 5 MB line or 100k colons costs no more than a normal one.
 */
const HEAD_CHARS = 200;
/** How far after the list mark and timestamp a plain `Name:` colon may sit. */
const MAX_LABEL_CHARS = 80;
const MAX_NAME_CHARS = 40;
const MAX_NAME_WORDS = 5;

const TS = String.raw`\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;
const LIST_MARK = /^(?:[-–—•*+>]|\d{1,3}[.)])\s+/;
const LEADING_TIME = new RegExp(String.raw`^(?:\[(${TS})\]|\((${TS})\)|(${TS})(?=\s))\s*`);
const TIME_ONLY = new RegExp(String.raw`^(?:\[(${TS})\]|\((${TS})\)|(${TS}))$`);
const TRAILING_TIME = new RegExp(String.raw`\s*(?:\[(${TS})\]|\((${TS})\))$`);
const NAME_THEN_TIME = new RegExp(String.raw`^(\S.{0,39}?)\s+(${TS})$`);
const BRACKET_LABEL = /^\[([^[\]]{1,60})\]\s*:?/;
const EMPHASIS_LABEL = /^(\*\*|__|\*|_)([^*_]{1,60})\1(:?)/;
const COLON_AT_END = /\s*[:：]$/;

const NAME_CHARS = /^[\p{L}\p{M}\p{N} .'’()&#-]+$/u;
const INITIALS = /^(?:\p{L}\.)+$/u;
const ABBREVIATION = /^\p{L}{1,4}\.$/u;
/** Lower-case words that occur inside names: "Head of Sales", "Ludwig van Beethoven". */
const NAME_PARTICLES = new Set([
  ..."of the and de da di du del della der den van von zu ter ten".split(" "),
  ..."la le los las dos das y e bin ibn al el".split(" "),
]);

/**
 * Words people put before a colon as structure inside a turn ("Note: ...", "Action item: ...",
 * "Decision: ..."), metadata keys, bracketed sound markers and common sentence openers. A line
 * starting with one of them (optionally plus a number, "Step 2:") is never a speaker line; it stays
 * in the turn it appears in. "Q" and "A" are not in the list: interviews use them as speakers.
 */
const NOT_SPEAKERS = new Set(
  [
    "note, notes, nb, n.b., ps, p.s., fyi, tip, hint, warning, caution, important, reminder, example, examples",
    "action, actions, action item, action items, todo, to do, to-do, task, tasks, owner, deadline, due",
    "decision, decisions, next step, next steps, follow up, follow-up, follow-ups, priority, context",
    "question, questions, answer, answers, q&a, problem, solution, idea, ideas, issue, issues, risk, risks",
    "result, results, outcome, outcomes, conclusion, summary, update, status, goal, goals, objective",
    "agenda, topic, topics, item, step, part, chapter, section, phase, stage, round, option, options",
    "pros, cons, key takeaway, key takeaways, takeaway, takeaways",
    "title, subject, date, time, duration, location, place, room, attendees, participants, present",
    "absent, apologies, meeting, minutes, transcript, recording, recorded, source, language, kind",
    "re, fwd, cc, email, phone, link, links, url, http, https, www",
    "music, laughter, applause, inaudible, crosstalk, silence, noise, pause, unintelligible",
    "yes, no, ok, okay, so, well, but, and, also, then, now, however, because, today, tomorrow",
    "monday, tuesday, wednesday, thursday, friday, saturday, sunday",
  ].flatMap((group) => group.split(", ")),
);

export interface SpeakerLine {
  /** undefined for a line opened by a bracketed timestamp alone: `[00:12] hello`. */
  speaker: string | undefined;
  start: number | undefined;
  text: string;
}

export interface LinePrefix {
  /** Text before the colon (or inside `[...]`), without emphasis and a trailing `(00:12)`; not yet judged a name. */
  label: string | undefined;
  /** What follows the label. */
  rest: string;
  /** The line after its list mark and leading timestamp. */
  afterTime: string;
  start: number | undefined;
  /** A `[00:12]` or `(00:12)` opened the line. */
  bracketedTime: boolean;
}

/** The syntax of a line's start: list mark, timestamp, `label:`. Judges nothing. */
export function readLinePrefix(line: string): LinePrefix {
  const full = line.trim();
  const head = full.slice(0, HEAD_CHARS);
  let pos = 0;
  const mark = LIST_MARK.exec(head);
  if (mark) pos += mark[0].length;
  let start: number | undefined;
  let bracketedTime = false;
  const time = LEADING_TIME.exec(head.slice(pos));
  const leading = time ? parseClockTime(time[1] ?? time[2] ?? time[3] ?? "") : undefined;
  if (time && leading !== undefined) {
    start = leading;
    bracketedTime = time[3] === undefined;
    pos += time[0].length;
  }
  const afterTime = full.slice(pos);
  const found = readLabel(head.slice(pos));
  if (!found) return { label: undefined, rest: afterTime, afterTime, start, bracketedTime };

  let label = found.label;
  const trailing = TRAILING_TIME.exec(label);
  if (trailing) {
    label = label.slice(0, trailing.index);
    start ??= parseClockTime(trailing[1] ?? trailing[2] ?? "");
  }
  let rest = full.slice(pos + found.length).trim();
  // Zoom writes "[Alice] 10:32:15" with the words on the lines below.
  const timeOnly = found.bracketed ? TIME_ONLY.exec(rest) : null;
  if (timeOnly) {
    start ??= parseClockTime(timeOnly[1] ?? timeOnly[2] ?? timeOnly[3] ?? "");
    rest = "";
  }
  return { label: label.trim(), rest, afterTime, start, bracketedTime };
}

function readLabel(s: string): { label: string; length: number; bracketed: boolean } | undefined {
  const bracket = BRACKET_LABEL.exec(s);
  if (bracket) return { label: bracket[1]!, length: bracket[0].length, bracketed: true };
  const emphasis = EMPHASIS_LABEL.exec(s);
  if (emphasis) {
    const inner = emphasis[2]!;
    const innerColon = COLON_AT_END.test(inner);
    // Exactly one colon, inside or just after the emphasis: **Name:** or **Name**:
    if (innerColon !== (emphasis[3] === ":")) {
      return { label: inner.replace(COLON_AT_END, ""), length: emphasis[0].length, bracketed: false };
    }
  }
  const colon = findLabelColon(s);
  if (colon === -1) return undefined;
  return { label: s.slice(0, colon).replace(/^[*_]+|[*_]+$/g, ""), length: colon + 1, bracketed: false };
}

/** The first `:` followed by a space or the line's end (so not `10:30`, not `https://`), or a full-width `：`. */
function findLabelColon(s: string): number {
  const end = Math.min(s.length, MAX_LABEL_CHARS);
  for (let i = 0; i < end; i++) {
    const c = s[i];
    if (c === "：") return i;
    if (c === ":") {
      const next = s[i + 1];
      if (next === undefined || next === " " || next === "\t") return i;
    }
  }
  return -1;
}

/**
 * Whether a label reads as a speaker's name: "Project Manager", "Grad A", "PM (Alex)", "Dr. Smith",
 * "Speaker 1", "Q", "JOHN", "张三". A sentence-like prefix is not: a lower-case first word, a
 * lower-case word that is not a name particle, sentence punctuation, more than five words or 40
 * characters, a word such as "Note" or "Action" (see NOT_SPEAKERS).
 */
export function isSpeakerName(label: string): boolean {
  const name = label.trim();
  if (name === "" || name.length > MAX_NAME_CHARS || !NAME_CHARS.test(name)) return false;
  if (!/^[\p{Lu}\p{Lt}\p{Lo}]/u.test(name)) return false;
  if (!balancedParentheses(name)) return false;
  const words = name.split(/\s+/);
  if (words.length > MAX_NAME_WORDS) return false;
  for (const raw of words) {
    const word = raw.replace(/^\(|\)$/g, "");
    if (word === "") continue;
    if (/^\p{Ll}/u.test(word) && !NAME_PARTICLES.has(word.toLowerCase())) return false;
    if (word.includes(".") && !INITIALS.test(word) && !ABBREVIATION.test(word)) return false;
  }
  const key = name.toLowerCase();
  return !NOT_SPEAKERS.has(key) && !NOT_SPEAKERS.has(key.replace(/\s+\d+$/, ""));
}

function balancedParentheses(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * A line that opens a turn: `Name: text` in any of the supported dresses, a bracketed timestamp
 * alone (`[00:12] text`, speaker unknown), or `Name  0:05` alone on its line (Otter's export, the
 * words follow below). undefined for anything else, which then continues the turn above.
 */
export function parseSpeakerLine(line: string): SpeakerLine | undefined {
  const prefix = readLinePrefix(line);
  if (prefix.label !== undefined && isSpeakerName(prefix.label)) {
    return { speaker: normalizeName(prefix.label), start: prefix.start, text: prefix.rest };
  }
  if (prefix.bracketedTime) return { speaker: undefined, start: prefix.start, text: prefix.afterTime };
  const trimmed = line.trim();
  const otter = trimmed.length <= 60 ? NAME_THEN_TIME.exec(trimmed) : null;
  if (otter && isSpeakerName(otter[1]!)) {
    return { speaker: normalizeName(otter[1]!), start: parseClockTime(otter[2]!), text: "" };
  }
  return undefined;
}

function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}
