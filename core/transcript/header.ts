import { parseDate } from "./date";
import { parseDuration } from "./duration";
import type { Transcript } from "./model";

export type TranscriptMeta = Pick<Transcript, "title" | "date" | "durationSeconds">;

/** Header keys that set metadata; they are never speakers. */
export const HEADER_KEYS = ["title", "date", "duration"] as const;

/**
 * Applies one `key: value` header to `meta` and says whether it was taken. A key already set, or a
 * value that does not read as its kind (`Date: next week`), is not a header, so the line stays text.
 */
export function applyHeader(meta: TranscriptMeta, key: string, value: string): boolean {
  const v = value.trim();
  switch (key.trim().toLowerCase()) {
    case "title": {
      if (meta.title !== undefined || v === "") return false;
      meta.title = v;
      return true;
    }
    case "date": {
      const date = meta.date === undefined ? parseDate(v) : undefined;
      if (date === undefined) return false;
      meta.date = date;
      return true;
    }
    case "duration": {
      const seconds = meta.durationSeconds === undefined ? parseDuration(v) : undefined;
      if (seconds === undefined) return false;
      meta.durationSeconds = seconds;
      return true;
    }
    default:
      return false;
  }
}
