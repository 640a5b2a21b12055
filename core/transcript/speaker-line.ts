import { parseClockTime } from "./timestamp";

/**
 * Reading `Alice: hello`, `[00:12] Dr. Smith: hi`, `**PM (Alex):** ok`, `[Q] why?`,
 * `The Chair (Hon. Jane Doe (Riding, Lib.)):`, `SPEAKER_00:`, `>> JOHN: hi` and the like. Only the
 * first HEAD_CHARS of a line are examined and every pattern is anchored, so a hostile 5 MB line or
 * 100k colons costs no more than a normal one.
 */
const HEAD_CHARS = 200;
/** How far after the list mark and timestamp a plain `Name:` colon may sit; parliamentary labels are long. */
const MAX_LABEL_CHARS = 160;
const MAX_NAME_CHARS = 40;
const MAX_NAME_WORDS = 5;
/** What a name may carry in parentheses after it: a role, a riding and party, a time. */
const MAX_PARENTHETICAL_CHARS = 120;

const TS = String.raw`\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;
const LIST_MARK = /^(?:[-–—•*+]|>(?!>)|\d{1,3}[.)])\s+/;
/** Closed captions and broadcast transcripts open each new speaker's turn with `>>`, named or not. */
const SPEAKER_CHANGE = /^>>\s*/;
const LEADING_TIME = new RegExp(String.raw`^(?:\[(${TS})\]|\((${TS})\)|(${TS})(?=\s))\s*`);
const TIME_ONLY = new RegExp(String.raw`^(?:\[(${TS})\]|\((${TS})\)|(${TS}))$`);
const TRAILING_TIME = new RegExp(String.raw`\s*(?:\[(${TS})\]|\((${TS})\))$`);
const NAME_THEN_TIME = new RegExp(String.raw`^(\S.{0,39}?)\s+(${TS})$`);
const BRACKET_LABEL = /^\[([^[\]]{1,60})\]\s*:?/;
const EMPHASIS_LABEL = /^(\*\*|__|\*|_)([^*_]{1,60})\1(:?)/;
const COLON_AT_END = /\s*[:：]$/;

const NAME_CHARS = /^[\p{L}\p{M}\p{N} .'’&#_-]+$/u;
/** Diarization labels: `SPEAKER_00`, `Speaker_1`. */
const UNDERSCORED = /^[\p{L}\p{N}]+(?:_[\p{L}\p{N}]+)+$/u;
/** Hansard's collective speakers. */
const HOUSE_VOICES = /^(?:some|an|several|all) hon(?:ourable|orable|\.)? members?$/i;
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
/** First words of a sentence that may put a comma before a name: "Thanks, Bob: ..." is no label. */
const OPENERS = new Set(
  "thanks thank hello hi hey sorry please look listen remember first second third finally again honestly basically anyway oh ah".split(
    " ",
  ),
);

export interface SpeakerLine {
  /** undefined for a line opened by a bracketed timestamp or `>>` alone: `[00:12] hello`, `>> hello`. */
  speaker: string | undefined;
  start: number | undefined;
  text: string;
  /** Set when `>>` opened the line: a new turn even where the speaker is not named. */
  change?: true;
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
  /** A `>>` opened the line: a new speaker's turn, named or not. */
  speakerChange: boolean;
}

/** The syntax of a line's start: list mark, timestamp, `label:`. Judges nothing. */
export function readLinePrefix(line: string): LinePrefix {
  const full = line.trim();
  const head = full.slice(0, HEAD_CHARS);
  let pos = 0;
  const change = SPEAKER_CHANGE.exec(head);
  const mark = change ?? LIST_MARK.exec(head);
  if (mark) pos += mark[0].length;
  const speakerChange = change !== null;
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
  if (!found) return { label: undefined, rest: afterTime, afterTime, start, bracketedTime, speakerChange };

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
  // Some exports put the time after the colon: `Alice: [00:00:03] Hello`.
  const timeAfter = start === undefined ? LEADING_TIME.exec(rest) : null;
  if (timeAfter && (timeAfter[1] ?? timeAfter[2]) !== undefined) {
    start = parseClockTime(timeAfter[1] ?? timeAfter[2]!);
    rest = rest.slice(timeAfter[0].length);
  }
  return { label: label.trim(), rest, afterTime, start, bracketedTime, speakerChange };
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

/**
 * The first `:` outside parentheses followed by a space or the line's end (so not `10:30`, not
 * `https://`, not the colon of `(Riding: Name)`), or a full-width `：`.
 */
function findLabelColon(s: string): number {
  const end = Math.min(s.length, MAX_LABEL_CHARS);
  let depth = 0;
  for (let i = 0; i < end; i++) {
    const c = s[i];
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (depth > 0) continue;
    else if (c === "：") return i;
    else if (c === ":") {
      const next = s[i + 1];
      if (next === undefined || next === " " || next === "\t") return i;
    }
  }
  return -1;
}

/**
 * Whether a label reads as a speaker's name: "Project Manager", "Grad A", "PM (Alex)", "Dr. Smith",
 * "Speaker 1", "SPEAKER_00", "Q", "JOHN SMITH", "张三", "Jane Doe, CEO", "The Chair (Hon. Jane Doe
 * (Riding—Name, Lib.))". The name before any parentheses must look like one: a capital first letter,
 * lower-case words only as name particles, no sentence punctuation, at most five words and 40
 * characters, not a word such as "Note" or "Action" (see NOT_SPEAKERS); what follows in balanced
 * parentheses (a role, a riding and party) may be any words without a question or exclamation mark.
 */
export function isSpeakerName(label: string): boolean {
  const name = label.trim();
  if (HOUSE_VOICES.test(name)) return true;
  const open = name.indexOf("(");
  if (open === -1) return isNameHead(name);
  return isNameHead(name.slice(0, open).trim()) && isParenthetical(name.slice(open));
}

/** The name itself, or "Name, Role" / "Surname, Given" with both halves names. */
function isNameHead(head: string): boolean {
  const parts = head.split(/,\s*/);
  if (parts.length === 2) {
    const opener = parts[0]!.split(/\s+/)[0]!.toLowerCase();
    if (OPENERS.has(opener) || NOT_SPEAKERS.has(opener) || head.length > MAX_NAME_CHARS + 20) return false;
    return parts.every((p) => isPlainName(p));
  }
  return parts.length === 1 && isPlainName(head);
}

function isPlainName(name: string): boolean {
  if (name === "" || name.length > MAX_NAME_CHARS || !NAME_CHARS.test(name)) return false;
  if (!/^[\p{Lu}\p{Lt}\p{Lo}]/u.test(name)) return false;
  const words = name.split(/\s+/);
  if (words.length > MAX_NAME_WORDS) return false;
  for (const word of words) {
    if (/^\p{Ll}/u.test(word) && !NAME_PARTICLES.has(word.toLowerCase())) return false;
    if (word.includes(".") && !INITIALS.test(word) && !ABBREVIATION.test(word)) return false;
    if (word.includes("_") && !UNDERSCORED.test(word)) return false;
  }
  const key = name.toLowerCase();
  return !NOT_SPEAKERS.has(key) && !NOT_SPEAKERS.has(key.replace(/\s+\d+$/, ""));
}

/** One or more balanced `( … )` groups, nothing else: `(Alex)`, `(Hon. Jane Doe (Riding, Lib.))`. */
function isParenthetical(tail: string): boolean {
  if (tail.length > MAX_PARENTHETICAL_CHARS || /[?!\n]/.test(tail) || !balancedParentheses(tail))
    return false;
  let depth = 0;
  for (const c of tail) {
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && !/\s/.test(c)) return false;
  }
  return true;
}

const NO_LABELS: ReadonlySet<string> = new Set();

/**
 * A prefix shaped like a label even if not like a name: `interviewer`, `Member for Saanich—Gulf
 * Islands`. Starts with a letter, at most 60 characters and eight words, no sentence punctuation,
 * not a structural word (NOT_SPEAKERS). The text parser takes one as a speaker when it recurs.
 */
export function isLabelShaped(label: string): boolean {
  const name = label.trim();
  if (name.length === 0 || name.length > 60 || !/^\p{L}/u.test(name) || /[?!;,"“”]/.test(name)) return false;
  if (name.split(/\s+/).length > 8 || !balancedParentheses(name)) return false;
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
 * or a caption's `>>` with no name (`[00:12] text`, `>> text`: speaker unknown), or `Name  0:05`
 * alone on its line (Otter's and Teams' exports, the words follow below). undefined for anything
 * else, which then continues the turn above.
 */
export function parseSpeakerLine(
  line: string,
  labels: ReadonlySet<string> = NO_LABELS,
): SpeakerLine | undefined {
  const prefix = readLinePrefix(line);
  const change = prefix.speakerChange ? { change: true as const } : {};
  if (prefix.label !== undefined && (isSpeakerName(prefix.label) || labels.has(prefix.label))) {
    return { speaker: normalizeName(prefix.label), start: prefix.start, text: prefix.rest, ...change };
  }
  if (prefix.bracketedTime || prefix.speakerChange) {
    return { speaker: undefined, start: prefix.start, text: prefix.afterTime, ...change };
  }
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
