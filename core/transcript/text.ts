import { buildTranscript, type Turn } from "./build-transcript";
import { applyHeader, type TranscriptMeta } from "./header";
import { type Transcript, UNKNOWN_SPEAKER } from "./model";
import { parseSpeakerLine, readLinePrefix } from "./speaker-line";

/** Formats that arrive as lines of text: plain text, Markdown, and a Word document's extracted text. */
export type TextFormat = "text" | "markdown" | "docx";

const MAX_FRONT_MATTER_LINES = 50;

/**
 * Plain text and Markdown: a speaker line opens a turn, any other line continues it. Before the
 * first turn, `Title:`/`Date:`/`Duration:` lines (and YAML front matter) set metadata, the first
 * `# Heading` is the title when no `Title:` says otherwise, and the remaining lines become
 * speakerless paragraphs; with no speaker line at all, that is the whole transcript.
 */
export function parseTextTranscript(text: string, format: TextFormat): Transcript {
  const lines = text.split(/\r\n|\r|\n/);
  const meta: TranscriptMeta = {};
  const preamble: string[] = [];
  const turns: Array<{ speaker: string; start: number | undefined; lines: string[] }> = [];

  for (let i = readFrontMatter(lines, meta); i < lines.length; i++) {
    const line = lines[i]!.trim();
    const opened = line === "" ? undefined : parseSpeakerLine(line);
    if (opened) {
      turns.push({ speaker: opened.speaker ?? UNKNOWN_SPEAKER, start: opened.start, lines: [opened.text] });
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
