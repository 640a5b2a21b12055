import { describe, expect, it } from "vitest";
import type { Transcript } from "./model";
import { renderTranscript } from "./render";

const transcript: Transcript = {
  format: "vtt",
  title: "Budget review",
  date: "2025-10-01",
  speakers: ["Alice", "Bob"],
  segments: [
    { id: "seg-1", index: 0, speaker: "Alice", start: 83.9, end: 90, text: "We start.\n\n\nAgenda first." },
    { id: "seg-2", index: 1, speaker: "Bob", text: "Agreed." },
  ],
};

describe("renderTranscript", () => {
  it("writes a header line, then one block per segment with id and timestamp", () => {
    expect(renderTranscript(transcript)).toBe(
      "Title: Budget review · Date: 2025-10-01\n\n[seg-1] [00:01:23] Alice: We start.\nAgenda first.\n\n[seg-2] Bob: Agreed.",
    );
  });

  it("leaves the ids out on request", () => {
    expect(renderTranscript(transcript, { ids: false })).toBe(
      "Title: Budget review · Date: 2025-10-01\n\n[00:01:23] Alice: We start.\nAgenda first.\n\nBob: Agreed.",
    );
  });

  it("writes no header line when neither title nor date is known", () => {
    const bare: Transcript = { format: "text", speakers: ["Bob"], segments: [transcript.segments[1]!] };
    expect(renderTranscript(bare)).toBe("[seg-2] Bob: Agreed.");
    expect(renderTranscript({ ...bare, date: "2025-10-01" })).toBe(
      "Date: 2025-10-01\n\n[seg-2] Bob: Agreed.",
    );
  });
});
