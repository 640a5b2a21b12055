/**
 * Test-only: the meeting fixtures as Transcripts, read line by line (`Speaker: text`), so the
 * computed analyses can be tested without depending on the parsers.
 */
import { readFileSync } from "node:fs";
import * as v from "valibot";
import type { Transcript } from "../transcript/model";
import { words } from "./tokenize";

export const FIXTURE_NAMES = ["ES2002a", "IS1000a", "Bed004"] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

const FIXTURE_DIR = new URL("../../test/fixtures/meetings/", import.meta.url);

const FixtureReferenceSchema = v.object({
  turns: v.number(),
  turns_by_speaker: v.record(v.string(), v.number()),
  words: v.number(),
  general_summary: v.string(),
  topics: v.array(v.object({ topic: v.string(), spans: v.array(v.tuple([v.number(), v.number()])) })),
});
export type FixtureReference = v.InferOutput<typeof FixtureReferenceSchema>;

export function readFixtureText(name: FixtureName): string {
  return readFileSync(new URL(`${name}.txt`, FIXTURE_DIR), "utf8");
}

export function readFixtureReference(name: FixtureName): FixtureReference {
  return v.parse(
    FixtureReferenceSchema,
    JSON.parse(readFileSync(new URL(`${name}.reference.json`, FIXTURE_DIR), "utf8")),
  );
}

/** One segment per non-empty line, split on the first ": "; no timestamps. */
export function transcriptFromLines(text: string): Transcript {
  const speakers: string[] = [];
  const segments = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const colon = line.indexOf(": ");
      const speaker = colon > 0 ? line.slice(0, colon).trim() : "Unknown";
      if (!speakers.includes(speaker)) speakers.push(speaker);
      return {
        id: `seg-${index + 1}`,
        index,
        speaker,
        text: (colon > 0 ? line.slice(colon + 2) : line).trim(),
      };
    });
  return { format: "text", speakers, segments };
}

export function loadFixtureTranscript(name: FixtureName): Transcript {
  return transcriptFromLines(readFixtureText(name));
}

/** Back-to-back synthetic timing at 2.6 words a second, as in the fixtures' .vtt and .srt. */
export function withSyntheticTiming(transcript: Transcript, wordsPerSecond = 2.6): Transcript {
  let clock = 0;
  const segments = transcript.segments.map((segment) => {
    const start = clock;
    clock += Math.max(1, words(segment.text).length) / wordsPerSecond;
    return { ...segment, start, end: clock };
  });
  return { ...transcript, segments, durationSeconds: clock };
}

/** Every word the fixtures' speakers say, in order, without the speaker labels. */
export function fixtureWords(): string[] {
  return FIXTURE_NAMES.flatMap((name) =>
    readFixtureText(name)
      .split("\n")
      .flatMap((line) => line.slice(line.indexOf(":") + 1).split(/\s+/))
      .filter(Boolean),
  );
}
