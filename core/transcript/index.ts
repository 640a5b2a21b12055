export { DEFAULT_MAX_TRANSCRIPT_BYTES } from "./decode";
export { detectFormat, TRANSCRIPT_EXTENSIONS } from "./detect";
export {
  type Segment,
  SegmentSchema,
  TRANSCRIPT_FORMATS,
  type Transcript,
  type TranscriptFormat,
  TranscriptFormatSchema,
  TranscriptSchema,
  UNKNOWN_SPEAKER,
} from "./model";
export { type ParseTranscriptOptions, parseTranscript } from "./parse";
export { type RenderOptions, renderTranscript } from "./render";
