import { describe, expect, it } from "vitest";
import type { Transcript } from "./model";
import { parseSpeakerAssignment, renameSpeakers, speakerMapping } from "./speakers";

const transcript: Transcript = {
  format: "text",
  speakers: ["Speaker 1", "PM", "Project Manager"],
  segments: [
    { id: "seg-1", index: 0, speaker: "Speaker 1", text: "Hello." },
    { id: "seg-2", index: 1, speaker: "PM", text: "Let's start." },
    { id: "seg-3", index: 2, speaker: "Project Manager", text: "The budget is fixed." },
  ],
};

describe("speaker renames", () => {
  it("renames a speaker in every segment and keeps the order of first appearance", () => {
    const renamed = renameSpeakers(transcript, speakerMapping(transcript, { "Speaker 1": "Alice" }));
    expect(renamed.speakers).toEqual(["Alice", "PM", "Project Manager"]);
    expect(renamed.segments.map((s) => s.speaker)).toEqual(["Alice", "PM", "Project Manager"]);
  });

  it("merges two detected speakers given one name, and says so", () => {
    const mapping = speakerMapping(transcript, { PM: "Project Manager" });
    expect(mapping.merged).toEqual([{ name: "Project Manager", from: ["PM", "Project Manager"] }]);
    expect(renameSpeakers(transcript, mapping).speakers).toEqual(["Speaker 1", "Project Manager"]);
  });

  it("refuses names that are empty, hold control characters, or differ from another only in case", () => {
    expect(() => speakerMapping(transcript, { PM: "  " })).toThrow(/cannot be empty/);
    expect(() => speakerMapping(transcript, { PM: "Bob\u0007" })).toThrow(/control characters/);
    expect(() => speakerMapping(transcript, { PM: "project manager" })).toThrow(/differ only in case/);
  });

  it("refuses a speaker the transcript does not have, naming the ones it has", () => {
    expect(() => speakerMapping(transcript, { Carol: "Alice" })).toThrow(/No speaker "Carol".*"PM"/);
  });

  it("reads the CLI's Detected=New form", () => {
    expect(parseSpeakerAssignment("Speaker 1=Alice Smith")).toEqual(["Speaker 1", "Alice Smith"]);
    expect(() => parseSpeakerAssignment("Alice")).toThrow(/Detected name=New name/);
  });
});
