import * as v from "valibot";

export const TRANSCRIPT_FORMATS = ["text", "markdown", "vtt", "srt", "json", "docx"] as const;
export const TranscriptFormatSchema = v.picklist(TRANSCRIPT_FORMATS);
export type TranscriptFormat = v.InferOutput<typeof TranscriptFormatSchema>;

/** Speaker name used when a source has no speakers (paragraphs, untagged cues). */
export const UNKNOWN_SPEAKER = "Unknown";

export const SegmentSchema = v.object({
  /** Stable id, `seg-1` for the first segment; prompts and evidence cite it. */
  id: v.pipe(v.string(), v.regex(/^seg-[1-9]\d*$/)),
  /** 0-based position; `id` is always `seg-${index + 1}`. */
  index: v.pipe(v.number(), v.integer(), v.minValue(0)),
  speaker: v.string(),
  /** Seconds from the start of the recording, where the source has timestamps. */
  start: v.optional(v.number()),
  end: v.optional(v.number()),
  text: v.string(),
});
export type Segment = v.InferOutput<typeof SegmentSchema>;

export const TranscriptSchema = v.object({
  format: TranscriptFormatSchema,
  title: v.optional(v.string()),
  /** ISO date `YYYY-MM-DD` when a header or the source gives one. */
  date: v.optional(v.pipe(v.string(), v.isoDate())),
  durationSeconds: v.optional(v.number()),
  /** Distinct speakers in order of first appearance. */
  speakers: v.array(v.string()),
  segments: v.array(SegmentSchema),
});
export type Transcript = v.InferOutput<typeof TranscriptSchema>;
