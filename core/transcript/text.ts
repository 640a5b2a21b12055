import { buildTranscript, type Turn } from "./build-transcript";
import { applyHeader, type TranscriptMeta } from "./header";
import { type Transcript, UNKNOWN_SPEAKER } from "./model";
import { isLabelShaped, isSpeakerName, parseSpeakerLine, readLinePrefix } from "./speaker-line";
import { parseClockTime } from "./timestamp";

/** Formats that arrive as lines of text: plain text, Markdown, and a Word document's extracted text. */
export type TextFormat = "text" | "markdown" | "docx";

const MAX_FRONT_MATTER_LINES = 50;
const CLOCK = String.raw`\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;
/** A time alone on its line (Google Meet's every few minutes, YouTube's before each caption). */
const TIME_LINE = new RegExp(String.raw`^(?:\[(${CLOCK})\]|\((${CLOCK})\)|(${CLOCK}))$`);
/** A cue timing as Teams writes it in .docx transcripts, `0:0:0.0 --> 0:0:1.510`, name and words below. */
const CUE_TIMING =
  /^(\d{1,2}):(\d{1,2}):(\d{1,2}(?:[.,]\d{1,3})?)\s*-->\s*\d{1,2}:\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?$/;
/** A label-shaped prefix that fails the name test still names a speaker when this many lines open with it. */
const RECURRING = 2;

/**
 * Plain text and Markdown: a speaker line opens a turn, any other line continues it. A time alone on
 * its line, or a Teams cue timing, gives its time to the turn that follows (and after a cue timing
 * a name alone on the next line is that turn's speaker); words after it that no speaker line opens
 * start a turn of Unknown. A label-shaped prefix that fails the name test (`interviewer:`) still
 * opens turns when at least two lines start with it. Before the first turn, `Title:`/`Date:`/
 * `Duration:` lines (and YAML front matter) set metadata, the first `# Heading` is the title when no
 * `Title:` says otherwise, and the remaining lines become speakerless paragraphs; with no speaker
 * line at all, that is the whole transcript.
 */
export function parseTextTranscript(text: string, format: TextFormat): Transcript {
  const lines = text.split(/\r\n|\r|\n/);
  const meta: TranscriptMeta = {};
  const preamble: string[] = [];
  const turns: Array<{ speaker: string; start: number | undefined; lines: string[] }> = [];
  const first = readFrontMatter(lines, meta);
  const recurring = recurringLabels(lines, first);
  /** The time of a time-only line, for the turn the next line opens; `cue` after a cue timing. */
  let pending: { start: number | undefined; cue: boolean } | undefined;

  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const time = line === "" ? undefined : timeOnly(line);
    if (time) {
      pending = time;
      continue;
    }
    let opened = line === "" ? undefined : parseSpeakerLine(line, recurring);
    if (!opened && pending && line !== "") {
      opened =
        pending.cue && isSpeakerName(line)
          ? { speaker: line.replace(/\s+/g, " "), start: undefined, text: "" }
          : { speaker: undefined, start: undefined, text: line };
    }
    if (opened) {
      const start = opened.start ?? pending?.start;
      turns.push({ speaker: opened.speaker ?? UNKNOWN_SPEAKER, start, lines: [opened.text] });
      pending = undefined;
    } else if (turns.length > 0) {
      // Blank lines inside a turn are dropped: a blank line separates segments when rendered.
      if (line !== "") turns[turns.length - 1]!.lines.push(line);
    } else {
      const prefix = line === "" ? undefined : readLinePrefix(line);
      if (prefix?.label === undefined || !applyHeader(meta, prefix.label, prefix.rest)) preamble.push(line);
    }
  }

  if (meta.title === undefined) {
    const heading = preamble.findIndex((line) => headingText(line) !== undefined);
    if (heading !== -1) meta.title = headingText(preamble.splice(heading, 1)[0]!);
  }
  const before: Turn[] = paragraphs(preamble).map((p) => ({ speaker: UNKNOWN_SPEAKER, text: p }));
  const after: Turn[] = turns.map((t) => ({
    speaker: t.speaker,
    ...(t.start !== undefined && { start: t.start }),
    text: t.lines.join("\n"),
  }));
  return buildTranscript(format, meta, [...before, ...after]);
}

/** The start of a time-only line or a cue timing; undefined for any other line. */
function timeOnly(line: string): { start: number | undefined; cue: boolean } | undefined {
  const clock = TIME_LINE.exec(line);
  if (clock) return { start: parseClockTime(clock[1] ?? clock[2] ?? clock[3]!), cue: false };
  const cue = CUE_TIMING.exec(line);
  if (!cue) return undefined;
  const seconds = Number(cue[1]) * 3600 + Number(cue[2]) * 60 + Number(cue[3]!.replace(",", "."));
  return { start: Number.isFinite(seconds) ? seconds : undefined, cue: true };
}

/** Label-shaped prefixes that fail the name test but open at least RECURRING lines: speakers all the same. */
function recurringLabels(lines: readonly string[], from: number): Set<string> {
  const counts = new Map<string, number>();
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.indexOf(":") === -1 && line.indexOf("：") === -1) continue;
    const { label } = readLinePrefix(line);
    if (label === undefined || isSpeakerName(label) || !isLabelShaped(label)) continue;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, n]) => n >= RECURRING).map(([label]) => label));
}

/** `# Weekly sync` → `Weekly sync`; undefined for a line that is not a Markdown heading. */
function headingText(line: string): string | undefined {
  const m = /^#{1,6}\s+/.exec(line);
  if (!m) return undefined;
  const text = line.slice(m[0].length).replace(/\s#+$/, "").trim();
  return text === "" ? undefined : text;
}

function paragraphs(lines: string[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const line of [...lines, ""]) {
    if (line !== "") current.push(line);
    else if (current.length > 0) {
      out.push(current.join("\n"));
      current = [];
    }
  }
  return out;
}

/**
 * YAML front matter (`---` … `---`, as Obsidian writes it): its title/date/duration are headers,
 * its other keys (tags, aliases) are metadata that is not part of the conversation. Returns the
 * index of the first line after it, 0 when there is none.
 */
function readFrontMatter(lines: string[], meta: TranscriptMeta): number {
  if (lines[0]?.trim() !== "---") return 0;
  const close = lines
    .slice(1, MAX_FRONT_MATTER_LINES + 1)
    .findIndex((line) => /^(?:---|\.\.\.)$/.test(line.trim()));
  if (close === -1) return 0;
  const end = close + 1;
  for (const line of lines.slice(1, end)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const value = line.slice(colon + 1).trim();
    applyHeader(meta, line.slice(0, colon), value.replace(/^(["'])(.*)\1$/, "$2"));
  }
  return end + 1;
}
