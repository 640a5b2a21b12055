import { readFileSync } from "node:fs";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { TranscriptSchema } from "./model";
import { parseTranscript } from "./parse";
import { renderTranscript } from "./render";

const DIR = new URL("../../test/fixtures/meetings/", import.meta.url);
const MEETINGS = ["ES2002a", "IS1000a", "Bed004"] as const;
const EXTENSIONS = ["txt", "vtt", "srt"] as const;

const Reference = v.object({ turns: v.number(), turns_by_speaker: v.record(v.string(), v.number()) });

function read(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, DIR)));
}

/** Seconds of a `00:00:20,385` / `00:00:20.385` cue time, worked out here independently of the parsers. */
function cueSeconds(time: string): number {
  const [h, m, s] = time.split(":");
  return Number(h) * 3600 + Number(m) * 60 + Number(s!.replace(",", "."));
}

function turnsBySpeaker(speakers: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of speakers) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

describe.each(MEETINGS)("meeting %s", (name) => {
  const reference = v.parse(Reference, JSON.parse(new TextDecoder().decode(read(`${name}.reference.json`))));
  const rawLines = new TextDecoder()
    .decode(read(`${name}.txt`))
    .split("\n")
    .filter(Boolean);

  it.each(EXTENSIONS)(
    "as .%s has the reference's turns, per speaker, in first-appearance order",
    async (ext) => {
      const t = await parseTranscript(read(`${name}.${ext}`), { fileName: `${name}.${ext}` });
      expect(v.is(TranscriptSchema, t)).toBe(true);
      expect(t.segments).toHaveLength(reference.turns);
      expect(turnsBySpeaker(t.segments.map((s) => s.speaker))).toEqual(reference.turns_by_speaker);
      const firstSeen = [...new Set(rawLines.map((line) => line.slice(0, line.indexOf(":"))))];
      expect(t.speakers).toEqual(firstSeen);
      expect(t.segments.map((s) => s.id)).toEqual(t.segments.map((_, i) => `seg-${i + 1}`));
    },
  );

  it.each(EXTENSIONS)(
    "as .%s keeps each turn's words exactly as the one-line-a-turn text has them",
    async (ext) => {
      const t = await parseTranscript(read(`${name}.${ext}`), { fileName: `${name}.${ext}` });
      const expected = rawLines.map((line) => line.slice(line.indexOf(":") + 1).trim());
      expect(t.segments.map((s) => s.text)).toEqual(expected);
    },
  );

  it.each(["vtt", "srt"] as const)("as .%s carries the cue timings", async (ext) => {
    const source = new TextDecoder().decode(read(`${name}.${ext}`));
    const timings = [...source.matchAll(/^(\d\d:\d\d:\d\d[.,]\d{3}) --> (\d\d:\d\d:\d\d[.,]\d{3})$/gm)];
    const t = await parseTranscript(source, { fileName: `${name}.${ext}` });
    const first = timings[0]!;
    expect(t.segments[0]!.start).toBe(cueSeconds(first[1]!));
    expect(t.segments[0]!.end).toBe(cueSeconds(first[2]!));
    const last = timings[timings.length - 1]!;
    expect(t.segments[t.segments.length - 1]!.end).toBe(cueSeconds(last[2]!));
    expect(t.durationSeconds).toBe(cueSeconds(last[2]!));
  });

  it("reads back its own rendering (without ids) as the same turns", async () => {
    const t = await parseTranscript(read(`${name}.srt`), { fileName: `${name}.srt` });
    const again = await parseTranscript(renderTranscript(t, { ids: false }), { format: "text" });
    expect(again.segments.map(({ speaker, text }) => ({ speaker, text }))).toEqual(
      t.segments.map(({ speaker, text }) => ({ speaker, text })),
    );
    expect(again.segments.map((s) => s.start)).toEqual(t.segments.map((s) => Math.floor(s.start!)));
  });
});
