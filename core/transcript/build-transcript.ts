import { InputError } from "../errors";
import type { TranscriptMeta } from "./header";
import type { Segment, Transcript, TranscriptFormat } from "./model";

/** A speaker turn as a parser finds it, before it gets its id. */
export type Turn = Omit<Segment, "id" | "index">;

/**
 * Numbers the turns into segments (`seg-1`…), lists speakers in order of first appearance and
 * drops only turns with no text at all. Without a duration header, a timed source's last cue end
 * stands for the recording's length.
 */
export function buildTranscript(format: TranscriptFormat, meta: TranscriptMeta, turns: Turn[]): Transcript {
  const segments: Segment[] = [];
  const speakers: string[] = [];
  const seen = new Set<string>();
  let lastEnd: number | undefined;
  for (const turn of turns) {
    const text = turn.text.trim();
    if (text === "") continue;
    const index = segments.length;
    segments.push({
      id: `seg-${index + 1}`,
      index,
      speaker: turn.speaker,
      ...(turn.start !== undefined && { start: turn.start }),
      ...(turn.end !== undefined && { end: turn.end }),
      text,
    });
    if (turn.end !== undefined) lastEnd = Math.max(lastEnd ?? 0, turn.end);
    if (!seen.has(turn.speaker)) {
      seen.add(turn.speaker);
      speakers.push(turn.speaker);
    }
  }
  if (segments.length === 0) {
    throw new InputError(
      "empty_transcript",
      "No transcript text was found in this file: it has no turn with any words in it.",
    );
  }
  const durationSeconds = meta.durationSeconds ?? lastEnd;
  return {
    format,
    ...(meta.title !== undefined && { title: meta.title }),
    ...(meta.date !== undefined && { date: meta.date }),
    ...(durationSeconds !== undefined && { durationSeconds }),
    speakers,
    segments,
  };
}
