import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError, isAppError } from "../errors";
import { parseJsonTranscript } from "./json";
import type { Transcript } from "./model";
import { parseTranscript } from "./parse";
import { parseSrt } from "./srt";
import { parseTextTranscript } from "./text";
import { parseVtt } from "./vtt";

/**
 * Every transcript parser on arbitrary input: it answers a Transcript or throws an InputError (a
 * stable code the API turns into 400), never anything else, and never takes long. The inputs mix
 * random text with the pieces each format is made of, so the parsers get past their first check.
 */
const PER_CALL_MS = 1_000;
const RUNS = 150;

const pieces = fc.constantFrom(
  "WEBVTT",
  "WEBVTT - title",
  "NOTE a note",
  "00:00:01.000 --> 00:00:02.500",
  "00:01.000 --> 00:02.000 align:start",
  "00:00:01,000 --> 00:00:02,000",
  "99:99:99,999 --> 00:00:00,000",
  "1",
  "2",
  "<v Alice>Hello there</v>",
  "<v>",
  "Alice: We ship on Friday.",
  "[Bob] I disagree.",
  "- Carol: fine",
  "• Dan: ok",
  "[00:12] Eve: yes",
  "Title: Weekly sync",
  "Date: 2025-10-01",
  "Duration: 45 minutes",
  "",
  "-->",
  "{",
  "}",
  "[",
  "]",
  '{"segments": [{"speaker": "A", "start": 0, "end": 1, "text": "hi"}]}',
  '[{"speaker": "A", "start": "x", "text": 3}]',
  '{"results": {"utterances": []}}',
  '{"utterances": [{"speaker": "A", "start": 1, "end": 0, "text": ""}]}',
  "\u0000",
  "\uFEFF",
  "\r",
);
const line = fc.oneof(pieces, fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 20 }));
const document = fc.array(line, { maxLength: 40 }).map((lines) => lines.join("\n"));
const input = fc.oneof(document, fc.string({ maxLength: 400 }), fc.json({ maxDepth: 4 }));

function check(parse: () => Transcript | Promise<Transcript>) {
  return async () => {
    const started = performance.now();
    try {
      const t = await parse();
      expect(Array.isArray(t.segments)).toBe(true);
      expect(Array.isArray(t.speakers)).toBe(true);
      for (const s of t.segments) expect(typeof s.text).toBe("string");
    } catch (e) {
      if (!(e instanceof InputError) || !isAppError(e)) throw e;
    }
    expect(performance.now() - started).toBeLessThan(PER_CALL_MS);
  };
}

describe("every transcript parser, on any input", () => {
  const parsers: Array<[string, (text: string) => Transcript | Promise<Transcript>]> = [
    ["WebVTT", parseVtt],
    ["SRT", parseSrt],
    ["JSON", parseJsonTranscript],
    ["plain text", (t) => parseTextTranscript(t, "text")],
    ["Markdown", (t) => parseTextTranscript(t, "markdown")],
    ["detection (parseTranscript)", (t) => parseTranscript(t)],
  ];
  for (const [name, parse] of parsers)
    it(`${name}: a transcript or an InputError, quickly`, async () => {
      await fc.assert(
        fc.asyncProperty(input, (text) => check(() => parse(text))()),
        { numRuns: RUNS },
      );
    });

  it("bytes of any kind (a .docx, a zip, UTF-16, garbage): a transcript or an InputError, quickly", async () => {
    const zipHead = fc.constant(new Uint8Array([0x50, 0x4b, 0x03, 0x04]));
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.tuple(zipHead, fc.uint8Array({ maxLength: 600 })).map(([a, b]) => new Uint8Array([...a, ...b])),
      fc
        .tuple(
          fc.constantFrom([0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf]),
          fc.uint8Array({ maxLength: 300 }),
        )
        .map(([bom, b]) => new Uint8Array([...bom, ...b])),
    );
    const fileName = fc.constantFrom("a.docx", "a.vtt", "a.srt", "a.json", "a.txt", "a.md", undefined);
    await fc.assert(
      fc.asyncProperty(bytes, fileName, (b, f) =>
        check(() => parseTranscript(b, f === undefined ? {} : { fileName: f }))(),
      ),
      { numRuns: RUNS },
    );
  });
});
