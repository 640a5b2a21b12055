import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { type ErrorCode, InputError } from "../errors";
import type { TranscriptFormat } from "./model";
import { parseTranscript } from "./parse";

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: Array<number[] | string>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...utf8(p)] : p)));
const vtt = (...lines: string[]) => ["WEBVTT", "", ...lines].join("\n");
const json = (data: unknown) => JSON.stringify(data, null, 2);

interface HostileCase {
  name: string;
  input: () => Uint8Array | string;
  fileName?: string;
  /** A string, not TranscriptFormat: requests hand over whatever a client sent. */
  format?: string;
  maxBytes?: number;
  code: ErrorCode;
  /** Where the input broke; the message must say it and `details` must carry it. */
  line?: number;
  column?: number;
  path?: string;
  /** Words the message must contain to be of use to a person. */
  says?: RegExp;
}

const CASES: HostileCase[] = [
  // decode: size, emptiness, binary, encoding, format name
  { name: "an empty string", input: () => "", code: "empty_transcript" },
  { name: "zero bytes", input: () => new Uint8Array(0), code: "empty_transcript" },
  { name: "whitespace only", input: () => " \n\t\r\n  \n", code: "empty_transcript" },
  {
    name: "a BOM and Unicode spaces only",
    input: () => bytes([0xef, 0xbb, 0xbf], "\u00a0\u3000\u2003\n"),
    code: "empty_transcript",
  },
  {
    name: "a file over the size limit",
    input: () => "Alice: hello\n".repeat(200_000),
    code: "too_large",
    says: /2\.5 MB.*limit is 1 MB/,
    maxBytes: 1024 * 1024,
  },
  {
    name: "a PNG image",
    input: () =>
      bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    fileName: "photo.png",
    code: "binary_content",
  },
  {
    name: "text with NUL bytes",
    input: () => bytes("Alice: hi", [0, 0, 0, 0], "Bob: ho"),
    code: "binary_content",
  },
  {
    name: "mostly control characters",
    input: () => bytes(Array.from({ length: 200 }, (_, i) => [1, 2, 3, 27, 65][i % 5]!)),
    code: "binary_content",
  },
  {
    name: "invalid UTF-8 on line 3",
    input: () => bytes("Alice: hi\nBob: ok\nCarol: caf", [0xe9], "\n"),
    code: "invalid_encoding",
    line: 3,
    says: /UTF-8/,
  },
  {
    name: "a UTF-8 sequence cut short at the end",
    input: () => bytes("Alice: costs 5 ", [0xe2, 0x82]),
    code: "invalid_encoding",
    line: 1,
  },
  {
    name: "UTF-16 with a BOM and an odd byte count",
    input: () => bytes([0xff, 0xfe, 0x41, 0x00, 0x3a]),
    code: "invalid_encoding",
  },
  {
    name: "an unsupported format name",
    input: () => "Alice: hi",
    format: "pdf",
    code: "unsupported_format",
    says: /"pdf"/,
  },

  // WebVTT
  {
    name: "a truncated WebVTT signature",
    input: () => "WEBV\n\n00:01.000 --> 00:02.000\nhi",
    fileName: "a.vtt",
    code: "malformed_vtt",
    line: 1,
  },
  {
    name: "WebVTT with no signature",
    input: () => "00:01.000 --> 00:02.000\nhi\n",
    format: "vtt",
    code: "malformed_vtt",
    line: 1,
  },
  {
    name: "a WebVTT cue timing without milliseconds",
    input: () =>
      vtt("00:00:01.000 --> 00:00:02.000", "<v A>ok", "", "00:00:03 --> 00:00:04.000", "<v B>lost?"),
    fileName: "a.vtt",
    code: "malformed_vtt",
    line: 6,
    says: /timing/,
  },
  {
    name: "a WebVTT cue timing with 61 seconds",
    input: () => vtt("00:00:61.000 --> 00:01:02.000", "hi"),
    fileName: "a.vtt",
    code: "malformed_vtt",
    line: 3,
  },
  {
    name: "a WebVTT cue ending before it starts",
    input: () => vtt("00:00:05.000 --> 00:00:04.000", "<v A>backwards"),
    fileName: "a.vtt",
    code: "malformed_vtt",
    line: 3,
    says: /ends before it starts/,
  },
  {
    name: "WebVTT text with no cue timing line",
    input: () => vtt("00:01.000 --> 00:02.000", "<v A>ok", "", "stray words", "more stray words"),
    fileName: "a.vtt",
    code: "malformed_vtt",
    line: 7,
  },
  {
    name: "WebVTT tags nested 5,000 deep",
    input: () => vtt("00:01.000 --> 00:02.000", `${"<i>".repeat(5000)}deep`),
    fileName: "a.vtt",
    code: "malformed_vtt",
    line: 4,
  },
  {
    name: "WebVTT with a header and no cues",
    input: () => "WEBVTT\n\nNOTE nothing here\n",
    fileName: "a.vtt",
    code: "empty_transcript",
  },

  // SubRip
  {
    name: "an SRT cue timing that is garbage",
    input: () => "1\n00:00:01,000 --> soon\nAlice: hi\n",
    fileName: "a.srt",
    code: "malformed_srt",
    line: 2,
  },
  {
    name: "an SRT cue timing without its arrow",
    input: () => "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 - 00:00:04,000\nlost?\n",
    fileName: "a.srt",
    code: "malformed_srt",
    line: 6,
  },
  {
    name: "an SRT cue ending before it starts",
    input: () => "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:09,000 --> 00:00:03,000\nbackwards\n",
    fileName: "a.srt",
    code: "malformed_srt",
    line: 6,
  },
  {
    name: "plain text named .srt",
    input: () => "Alice: hi\nBob: ho\n",
    fileName: "a.srt",
    code: "malformed_srt",
    line: 1,
  },
  {
    name: "SRT cues with no text",
    input: () => "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\n",
    fileName: "a.srt",
    code: "empty_transcript",
  },

  // JSON
  {
    name: "a JSON syntax error (missing comma)",
    input: () =>
      '{\n  "segments": [\n    {"speaker": "A", "text": "hi"}\n    {"speaker": "B", "text": "ho"}\n  ]\n}',
    code: "malformed_json",
    line: 4,
    column: 5,
  },
  {
    name: "a JSON trailing comma",
    input: () => '[\n  {"text": "hi"},\n]',
    fileName: "a.json",
    code: "malformed_json",
    line: 3,
    column: 1,
  },
  {
    name: "an unterminated JSON string",
    input: () => '[{"text": "hi}]',
    fileName: "a.json",
    code: "malformed_json",
    line: 1,
    column: 11,
  },
  {
    name: "NaN in JSON",
    input: () => '[{"text": "hi", "start": NaN}]',
    fileName: "a.json",
    code: "malformed_json",
    line: 1,
    column: 26,
  },
  {
    name: "JSON of the wrong shape",
    input: () =>
      json({
        utterances: [0, 1, 2, 3].map((i) => ({
          speaker: "A",
          start: i === 3 ? "soon" : i * 1000,
          end: i * 1000 + 500,
          text: "x",
        })),
      }),
    code: "malformed_json",
    path: "utterances[3].start",
  },
  {
    name: "a negative JSON time",
    input: () =>
      json({
        segments: [
          { start: 0, end: 1, text: "a" },
          { start: -5, end: 1, text: "b" },
        ],
      }),
    code: "malformed_json",
    path: "segments[1].start",
  },
  {
    name: 'a JSON time of "NaN"',
    input: () => json([{ speaker: "A", start: "NaN", text: "x" }]),
    code: "malformed_json",
    path: "[0].start",
  },
  {
    name: "an infinite JSON time",
    input: () => '[{"speaker": "A", "end": 1e999, "text": "x"}]',
    fileName: "a.json",
    code: "malformed_json",
    path: "[0].end",
  },
  {
    name: "a JSON segment ending before it starts",
    input: () => json([{ speaker: "A", start: 5, end: 4, text: "x" }]),
    code: "malformed_json",
    path: "[0].end",
  },
  {
    name: "a missing JSON text",
    input: () => json({ segments: [{ start: 1, end: 2 }] }),
    code: "malformed_json",
    path: "segments[0].text",
  },
  {
    name: "JSON nested 100,000 deep",
    input: () => `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
    fileName: "deep.json",
    code: "malformed_json",
    line: 1,
    column: 65,
    says: /nested more than 64 levels/,
  },
  {
    name: "JSON that is no transcript",
    input: () => json({ hello: "world" }),
    code: "malformed_json",
    path: "",
    says: /segments/,
  },
  {
    name: "a JSON date that is no date",
    input: () => json({ date: "someday", segments: [{ text: "x" }] }),
    code: "malformed_json",
    path: "date",
  },
  {
    name: "a JSON transcript with no segments",
    input: () => json({ segments: [] }),
    code: "empty_transcript",
  },

  // .docx
  {
    name: "a random zip named .docx",
    input: () => zipSync({ "notes.txt": strToU8("hello") }),
    fileName: "a.docx",
    code: "malformed_docx",
  },
  { name: "a damaged zip", input: () => bytes([0x50, 0x4b, 0x03, 0x04], "garbage"), code: "malformed_docx" },
  {
    name: "a .docx that would unpack to far more than the limit",
    input: () => zipSync({ "word/document.xml": new Uint8Array(300_000) }),
    fileName: "bomb.docx",
    maxBytes: 10_000,
    code: "too_large",
  },
  { name: "plain text with format docx", input: () => "Alice: hi", format: "docx", code: "malformed_docx" },
];

describe("hostile and malformed input", () => {
  it.each(CASES)("refuses $name as $code", async (c) => {
    const error = await parseTranscript(c.input(), {
      fileName: c.fileName,
      format: c.format as TranscriptFormat | undefined,
      maxBytes: c.maxBytes,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    const { code, message, details } = error as InputError;
    expect(code).toBe(c.code);
    // A sentence for a person: short, no stack frames, no echo of a huge input.
    expect(message.length).toBeLessThan(300);
    expect(message).not.toMatch(/\n\s+at |\.ts:\d+/);
    if (c.line !== undefined) {
      expect(message).toContain(`line ${c.line}`);
      expect(details).toMatchObject({ line: c.line });
    }
    if (c.column !== undefined) {
      expect(message).toContain(`column ${c.column}`);
      expect(details).toMatchObject({ column: c.column });
    }
    if (c.path !== undefined) {
      if (c.path !== "") expect(message).toContain(c.path);
      expect(details).toEqual({ path: c.path });
    }
    if (c.says) expect(message).toMatch(c.says);
  });

  // Hang guards, not benchmarks: the timeout only catches runaway backtracking or recursion, on a
  // machine busy with other work too (quadratic work on these sizes takes minutes).
  const GUARD_MS = 15_000;

  it("reads a 5 MB single line as one segment", { timeout: GUARD_MS }, async () => {
    const line = "word ".repeat(1_000_000);
    const t = await parseTranscript(`Alice: ${line}`);
    expect(t.segments).toHaveLength(1);
    expect(t.segments[0]!.text).toBe(line.trim());
  });

  it("reads a line of 100,000 colons as one speakerless segment", { timeout: GUARD_MS }, async () => {
    const t = await parseTranscript(":".repeat(100_000));
    expect(t.segments).toEqual([{ id: "seg-1", index: 0, speaker: "Unknown", text: ":".repeat(100_000) }]);
  });

  it("reads a line of 100,000 `Alice: ` as one turn of Alice", { timeout: GUARD_MS }, async () => {
    const t = await parseTranscript("Alice: ".repeat(100_000));
    expect(t.speakers).toEqual(["Alice"]);
    expect(t.segments).toHaveLength(1);
    expect(t.segments[0]!.text).toBe("Alice: ".repeat(99_999).trim());
  });

  it("reads 5 MB of brackets, stars and timestamps without stalling", { timeout: GUARD_MS }, async () => {
    const text = "[**00:12 (a [b **c: ".repeat(250_000);
    const t = await parseTranscript(text, { format: "markdown" });
    expect(t.segments).toHaveLength(1);
  });

  it("reads 20,000 WebVTT cues", { timeout: GUARD_MS }, async () => {
    const cues = Array.from({ length: 20_000 }, (_, i) => {
      const at = (s: number) =>
        `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}.000`;
      return `${at(i)} --> ${at(i + 1)}\n<v Speaker ${i % 3}>cue ${i}\n`;
    });
    const t = await parseTranscript(vtt(...cues), { fileName: "many.vtt" });
    expect(t.segments).toHaveLength(20_000);
    expect(t.segments[19_999]).toMatchObject({
      speaker: "Speaker 1",
      start: 19_999,
      end: 20_000,
      text: "cue 19999",
    });
  });

  it("reads 50,000 SRT cues", { timeout: GUARD_MS }, async () => {
    const cues = Array.from(
      { length: 50_000 },
      (_, i) => `${i + 1}\n00:00:01,000 --> 00:00:02,000\nA${i % 7}: x\n`,
    );
    const t = await parseTranscript(cues.join("\n"), { fileName: "many.srt" });
    expect(t.segments).toHaveLength(50_000);
  });
});
