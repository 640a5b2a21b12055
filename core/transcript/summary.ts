import type { Segment, Transcript } from "./model";

/**
 * The transcript as answers show it: its headers and speakers, and its segments whole (`"all"`)
 * or counted (`"count"`, where the caller has them already).
 */
export function transcriptSummary(t: Transcript, segments: "all"): TranscriptSummary<Segment[]>;
export function transcriptSummary(t: Transcript, segments: "count"): TranscriptSummary<number>;
export function transcriptSummary(t: Transcript, segments: "all" | "count") {
  return {
    format: t.format,
    ...(t.title ? { title: t.title } : {}),
    ...(t.date ? { date: t.date } : {}),
    ...(t.durationSeconds !== undefined ? { durationSeconds: t.durationSeconds } : {}),
    speakers: t.speakers,
    segments: segments === "all" ? t.segments : t.segments.length,
  };
}

export interface TranscriptSummary<S> {
  format: Transcript["format"];
  title?: string;
  date?: string;
  durationSeconds?: number;
  speakers: string[];
  segments: S;
}
