import { describe, expect, it } from "vitest";
import { segmentIndex } from "../insights/verify";
import type { Transcript } from "../transcript/model";
import { checkCitations, textOfParts } from "./citations";

const transcript: Transcript = {
  format: "text",
  speakers: ["Ann", "Bo"],
  segments: [
    { id: "seg-1", index: 0, speaker: "Ann", text: "We ship on Friday {vocalsound} for sure.", start: 3 },
    { id: "seg-2", index: 1, speaker: "Bo", text: "Agreed, Friday it is." },
  ],
};
const one = new Map([["", { segments: segmentIndex(transcript) }]]);

describe("answer citations", () => {
  it("keeps citations to segments that exist, with speaker and time, and drops unknown ones", () => {
    const checked = checkCitations("We ship Friday [seg-1]. Bo agreed [seg-2, seg-77]. Later [seg-99].", one);
    expect(checked.citations).toEqual([
      { segmentId: "seg-1", speaker: "Ann", start: 3 },
      { segmentId: "seg-2", speaker: "Bo" },
    ]);
    expect(checked.unknown).toEqual(["seg-77", "seg-99"]);
    expect(textOfParts(checked.parts)).toBe("We ship Friday [seg-1]. Bo agreed [seg-2]. Later .");
  });

  it("marks a quote found only when the segment cited after it says it (case, spacing and markers aside)", () => {
    const checked = checkCitations(
      'Ann: "ship on friday for sure" [seg-1]; Bo: "ship on Friday" [seg-2].',
      one,
    );
    const quotes = checked.parts.filter((p) => p.kind === "quote");
    expect(quotes).toEqual([
      { kind: "quote", text: '"ship on friday for sure"', found: true },
      { kind: "quote", text: '"ship on Friday"', found: false },
    ]);
  });

  it("resolves library citations by meeting handle", () => {
    const sources = new Map([
      ["M1", { meetingId: "job-a", segments: segmentIndex(transcript) }],
      ["M2", { meetingId: "job-b", segments: new Map() }],
    ]);
    const checked = checkCitations("Friday [M1 seg-2]; nothing [M2 seg-2]; [M9 seg-1].", sources);
    expect(checked.citations).toEqual([{ meetingId: "job-a", segmentId: "seg-2", speaker: "Bo" }]);
    expect(checked.unknown).toEqual(["M2 seg-2", "M9 seg-1"]);
  });
});
