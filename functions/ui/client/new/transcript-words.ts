import type { TranscriptFormat } from "../../../../core/transcript/model";
import { plural } from "../lib/format";

const FORMAT_NAMES: Record<TranscriptFormat, string> = {
  text: "Plain text",
  markdown: "Markdown",
  vtt: "WebVTT",
  srt: "SRT subtitles",
  json: "JSON",
  docx: "Word document",
};
/** What the server read from a transcript, e.g. "WebVTT · 287 segments, 4 speakers". */
export const describeTranscript = (t: { format: TranscriptFormat; segments: number; speakers: string[] }) =>
  `${FORMAT_NAMES[t.format]} · ${plural(t.segments, "segment")}, ${plural(t.speakers.length, "speaker")}`;
