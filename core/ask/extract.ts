import type { SearchHit } from "../search/model";
import type { Answer } from "./model";

export const EXTRACT_LABEL =
  "Extract: no model is configured, so these are the passages that match the question best, with the sentence that matches most. They are quoted, not an answer.";

/** The no-model answer: the best passages' best sentences, labelled as an extract, each citing its segment. */
export function extractAnswer(hits: readonly SearchHit[]): Answer {
  const extracts = hits.map((h) => ({
    meetingId: h.meetingId,
    ...(h.meetingTitle !== undefined ? { meetingTitle: h.meetingTitle } : {}),
    segmentId: h.segmentId,
    speaker: h.speaker,
    ...(h.start !== undefined ? { start: h.start } : {}),
    sentence: h.snippet,
  }));
  const citations = extracts.map((e) => ({
    meetingId: e.meetingId,
    segmentId: e.segmentId,
    speaker: e.speaker,
    ...(e.start !== undefined ? { start: e.start } : {}),
  }));
  const text =
    extracts.length === 0
      ? "Nothing in the transcript matches the question's words."
      : extracts
          .map((e) => `- ${e.speaker}: "${e.sentence.map((p) => p.text).join("")}" [${e.segmentId}]`)
          .join("\n");
  return {
    mode: "extract",
    label: EXTRACT_LABEL,
    text,
    parts: [{ kind: "text", text }],
    citations,
    unknownCitations: [],
    extracts,
  };
}
