import webvtt from "webvtt-parser";
import { InputError } from "../errors";
import { buildTranscript, type Turn } from "./build-transcript";
import { type CueLine, cueTurns } from "./cue-turns";
import { applyHeader, type TranscriptMeta } from "./header";
import type { Transcript } from "./model";
import { parseClockTime } from "./timestamp";

/**
 * Entities written with their `;`: the parser's default table lacks it and turns `&amp;` into `&;`.
 * Kept short on purpose, because the parser scans the whole table for each unknown entity.
 */
const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&apos;": "'",
  "&nbsp;": "\u00a0",
  "&lrm;": "\u200e",
  "&rlm;": "\u200f",
  "&hellip;": "…",
  "&ndash;": "–",
  "&mdash;": "—",
  "&lsquo;": "‘",
  "&rsquo;": "’",
  "&ldquo;": "“",
  "&rdquo;": "”",
};

/** Parser errors after which it drops a cue: its timing line could not be read. */
const TIMING_ERRORS = new Set([
  "No timestamp found.",
  "Timestamp must start with a character in the range 0-9.",
  "No time unit separator found.",
  "Must be exactly two digits.",
  "No seconds found or minutes is greater than 59.",
  'No decimal separator (".") found.',
  "Milliseconds must be given in three digits.",
  "You cannot have more than 59 minutes.",
  "You cannot have more than 59 seconds.",
  "No valid timestamp separator found.",
]);
/** Parser errors for text it skips because no timing line precedes it: words would be lost. */
const ORPHAN_TEXT_ERRORS = new Set([
  "Cue identifier needs to be followed by timestamp.",
  "Cue identifier cannot be standalone.",
]);
const END_NOT_AFTER_START = "End timestamp is not greater than start timestamp.";
/** The parser recurses once per open tag; past a few thousand it overflows the stack. */
const MAX_TAGS_PER_CUE = 1000;

/**
 * WebVTT through w3c's webvtt-parser. Fatal (InputError "malformed_vtt" with the line): no WEBVTT
 * signature, a cue timing line that cannot be read, text outside any cue, a cue ending before it
 * starts. Tolerated: header lines without a blank line after them, unknown cue settings, cues out
 * of order, zero-length cues, bad escapes, unclosed tags. REGION, STYLE and NOTE blocks are skipped.
 */
export function parseVtt(text: string): Transcript {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t]|$)/.test(lines[0] ?? "")) {
    throw malformed(1, 'it must start with a line saying "WEBVTT"');
  }
  const meta = readHeaderBlock(lines);
  checkTagCounts(lines);
  let result: webvtt.ParseResult;
  try {
    result = new webvtt.WebVTTParser(ENTITIES).parse(blankRegionBlocks(lines).join("\n"), "metadata");
  } catch (cause) {
    // A backstop: checkTagCounts keeps nesting well below what overflows the parser's recursion.
    throw new InputError("malformed_vtt", "This WebVTT file cannot be read: its cue text nests too deeply.", {
      cause,
    });
  }
  for (const error of result.errors) {
    if (TIMING_ERRORS.has(error.message)) {
      throw malformed(
        error.line,
        `the cue timing cannot be read (${error.message.replace(/\.$/, "")}); expected a line like "00:00:01.000 --> 00:00:04.000"`,
      );
    }
    if (ORPHAN_TEXT_ERRORS.has(error.message)) {
      throw malformed(error.line, "there is text with no cue timing line above it");
    }
    if (error.message === END_NOT_AFTER_START && endsBeforeStart(lines[error.line - 1] ?? "")) {
      throw malformed(error.line, "the cue ends before it starts");
    }
  }
  const turns: Turn[] = result.cues.flatMap((cue) =>
    cueTurns(cueLines(cue.tree.children)).map((turn) => ({
      ...turn,
      start: cue.startTime,
      end: cue.endTime,
    })),
  );
  return buildTranscript("vtt", meta, turns);
}

function malformed(line: number, problem: string): InputError {
  return new InputError("malformed_vtt", `This WebVTT file is malformed at line ${line}: ${problem}.`, {
    details: { line },
  });
}

/** `Title:`/`Date:`/`Duration:` among the header lines right under WEBVTT (before the first blank line). */
function readHeaderBlock(lines: string[]): TranscriptMeta {
  const meta: TranscriptMeta = {};
  for (let i = 1; i < lines.length && lines[i]!.trim() !== "" && !lines[i]!.includes("-->"); i++) {
    const line = lines[i]!;
    const colon = line.indexOf(":");
    if (colon > 0) applyHeader(meta, line.slice(0, colon), line.slice(colon + 1));
  }
  return meta;
}

/** The parser knows no REGION blocks; blanking them keeps every other line where it was. */
function blankRegionBlocks(lines: string[]): string[] {
  const out = lines.slice();
  for (let i = 0; i < out.length; i++) {
    if (!/^REGION(?:[ \t]|$)/.test(out[i]!) || (i > 0 && out[i - 1]!.trim() !== "")) continue;
    for (; i < out.length && out[i]!.trim() !== ""; i++) out[i] = "";
  }
  return out;
}

function checkTagCounts(lines: string[]): void {
  let tags = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") {
      tags = 0;
      continue;
    }
    tags += line.match(/<[a-z]/gi)?.length ?? 0;
    if (tags > MAX_TAGS_PER_CUE) throw malformed(i + 1, `one cue has more than ${MAX_TAGS_PER_CUE} tags`);
  }
}

function endsBeforeStart(timingLine: string): boolean {
  const arrow = timingLine.indexOf("-->");
  const start = parseClockTime(timingLine.slice(0, arrow));
  const end = parseClockTime(
    timingLine
      .slice(arrow + 3)
      .trim()
      .split(/\s/)[0] ?? "",
  );
  return start !== undefined && end !== undefined && end < start;
}

/** The cue's text as lines, tags dropped; a `<v Name>` marks where a speaker's words begin. */
function cueLines(nodes: webvtt.CueNode[], lines: CueLine[] = [{ text: "" }]): CueLine[] {
  for (const node of nodes) {
    if (node.type === "text") {
      const [first, ...more] = node.value.split("\n");
      lines[lines.length - 1]!.text += first;
      for (const part of more) lines.push({ text: part });
    } else if (node.type === "object" && node.name !== "rt") {
      // <rt> is a ruby reading of the word beside it; keeping it would say the word twice.
      if (node.name === "v") lines.push({ voice: node.value ?? "", text: "" });
      cueLines(node.children, lines);
    }
  }
  return lines;
}
