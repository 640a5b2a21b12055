import { describe, expect, it } from "vitest";
import { evenBoundaries, longestTurnsSummary } from "./baselines";
import { transcriptFromLines } from "./fixtures.test-helper";
import { prepareTranscript } from "./prepare-transcript";

describe("longestTurnsSummary", () => {
  it("takes the longest turns, in transcript order, cut to the word count", () => {
    const t = transcriptFromLines(
      "Ann: One two three four five six .\nBob: Short .\nAnn: Um alpha beta gamma delta .\nBob: Yes .",
    );
    // Longest first: seg-1 (6 words), then seg-3 (5 words, "um" included); cut to 8 words.
    expect(longestTurnsSummary(prepareTranscript(t), 8)).toBe("one two three four five six alpha beta");
  });
});

describe("evenBoundaries", () => {
  it("spreads topic starts evenly", () => {
    expect(evenBoundaries(10, 1)).toEqual([5]);
    expect(evenBoundaries(10, 3)).toEqual([3, 5, 8]);
    expect(evenBoundaries(10, 0)).toEqual([]);
  });
});
