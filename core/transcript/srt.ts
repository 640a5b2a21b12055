import { InputError } from "../errors";
import { buildTranscript, type Turn } from "./build-transcript";
import { type CueLine, cueTurns } from "./cue-turns";
import type { Transcript } from "./model";
import { parseClockTime } from "./timestamp";

/** Formatting tags SubRip players honour; anything else in angle brackets is text ("<3", "a < b"). */
const TAG = /<\/?(?:i|b|u|s|font|c|v|span|lang|ruby|rt)(?:[\s.][^<>]*)?>/gi;
const VOICE = /^<v(?:\.[^\s>]*)?\s+([^>]+)>/i;
/** ASS-style override codes such as {\an8}; `{vocalsound}`-like corpus markers have no backslash. */
const OVERRIDE = /\{\\[^{}]*\}/g;

interface Cue {
  start: number;
  end: number;
  lines: string[];
}

/**
 * SubRip, hand-written: a block is an optional cue number, a timing line
 * `00:00:01,000 --> 00:00:04,000` (a `.` decimal mark is fine too) and its text lines. CRLF, missing
 * numbers, a missing blank line before the next cue and a blank line inside a cue's text are
 * tolerated. Malformed (InputError "malformed_srt" with the line): text before the first cue, a
 * timing line that cannot be read, a cue ending before it starts.
 */
export function parseSrt(text: string): Transcript {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const cues: Cue[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!.trim();
    if (line === "") {
      i++;
    } else if (line.includes("-->")) {
      const cue: Cue = { ...readTiming(line, i + 1), lines: [] };
      cues.push(cue);
      for (i++; i < lines.length && lines[i]!.trim() !== "" && !startsCue(lines, i); i++)
        cue.lines.push(lines[i]!);
    } else if (/^\d+$/.test(line) && looksLikeTiming(lines[i + 1] ?? "")) {
      if (!lines[i + 1]!.includes("-->"))
        throw malformed(i + 2, `the timing of cue ${line} has no "-->" between its times`);
      i++;
    } else if (cues.length > 0) {
      // Text after a blank line inside a cue: writers do leave them; it still belongs to that cue.
      cues[cues.length - 1]!.lines.push(lines[i]!);
      i++;
    } else {
      throw malformed(i + 1, 'expected a cue number or a timing line like "00:00:01,000 --> 00:00:04,000"');
    }
  }
  const turns: Turn[] = cues.flatMap((cue) =>
    cueTurns(cue.lines.map(cueLine)).map((turn) => ({ ...turn, start: cue.start, end: cue.end })),
  );
  return buildTranscript("srt", {}, turns);
}

/** A line that is, or tries to be, a cue timing: it has the arrow, or starts with a clock time. */
function looksLikeTiming(line: string): boolean {
  return line.includes("-->") || /^\s*\d{1,3}:\d{2}/.test(line);
}

/** A timing line, or a cue number right above one (the blank line before it missing). */
function startsCue(lines: string[], i: number): boolean {
  const line = lines[i]!;
  return line.includes("-->") || (/^\s*\d+\s*$/.test(line) && (lines[i + 1] ?? "").includes("-->"));
}

function readTiming(line: string, lineNumber: number): { start: number; end: number } {
  const arrow = line.indexOf("-->");
  // After the end time SubRip allows display coordinates (X1:… Y2:…); they are ignored.
  const [endText = ""] = line
    .slice(arrow + 3)
    .trim()
    .split(/\s/, 1);
  const start = parseClockTime(line.slice(0, arrow));
  const end = parseClockTime(endText);
  if (start === undefined || end === undefined) {
    throw malformed(
      lineNumber,
      `the cue timing "${line.slice(0, 80)}" cannot be read; expected "00:00:01,000 --> 00:00:04,000"`,
    );
  }
  if (end < start) throw malformed(lineNumber, "the cue ends before it starts");
  return { start, end };
}

function cueLine(raw: string): CueLine {
  const voice = VOICE.exec(raw.trim());
  const text = raw.replace(OVERRIDE, "").replace(TAG, "");
  return voice ? { voice: voice[1]!, text } : { text };
}

function malformed(line: number, problem: string): InputError {
  return new InputError(
    "malformed_srt",
    `This SubRip (.srt) file is malformed at line ${line}: ${problem}.`,
    {
      details: { line },
    },
  );
}
