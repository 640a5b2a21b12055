import { describe, expect, it } from "vitest";
import { centroidSummary, evenBoundaries, leadSummary, longestTurnsSummary } from "./baselines";
import { transcriptFromLines } from "./fixtures.test-helper";
import { prepareTranscript } from "./prepare-transcript";

describe("longestTurnsSummary", () => {
  it("takes the longest turns, in transcript order, cut to the word count", () => {
    const t = transcriptFromLines(
      "Ann: One two three four five six .\nBob: Short .\nAnn: Um alpha beta gamma delta .\nBob: Yes .",
    );
    // Longest first: seg-1 (6 words), then seg-3 (5 words, "um" included, tidied away); cut to 8 words.
    expect(longestTurnsSummary(prepareTranscript(t), 8)).toBe("one two three four five six alpha beta");
  });
});

describe("leadSummary", () => {
  it("takes the opening turns, cut to the word count", () => {
    const t = transcriptFromLines("Ann: Hello all .\nBob: Hi {vocalsound} there .\nAnn: Let us start .");
    expect(leadSummary(prepareTranscript(t), 4)).toBe("hello all hi there");
  });
});

describe("centroidSummary", () => {
  it("prefers the sentence closest to what the whole meeting talks about", () => {
    const t = transcriptFromLines(
      [
        "Ann: The remote battery charger needs a plug .",
        "Bob: My cat likes the garden in spring .",
        "Ann: A remote battery charger costs money .",
        "Bob: The remote battery charger should last .",
        "Ann: Remote battery charger colours are yellow .",
      ].join("\n"),
    );
    const summary = centroidSummary(prepareTranscript(t), 7);
    expect(summary).not.toContain("cat");
    expect(summary.split(" ")).toHaveLength(7);
  });
});

describe("evenBoundaries", () => {
  it("spreads topic starts evenly", () => {
    expect(evenBoundaries(10, 1)).toEqual([5]);
    expect(evenBoundaries(10, 3)).toEqual([3, 5, 8]);
    expect(evenBoundaries(10, 0)).toEqual([]);
  });
});
