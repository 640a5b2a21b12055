import { describe, expect, it } from "vitest";
import { loadFixtureTranscript, transcriptFromLines } from "./fixtures.test-helper";
import { extractKeywords } from "./keywords";
import { FILLERS, STOPWORDS } from "./lexicons";

const meeting = transcriptFromLines(
  [
    "Ann: Um {vocalsound} so the remote control budget is tight , yeah .",
    "Bob: Yeah , the remote control needs a battery , um , a good battery .",
    "Ann: Okay . The budget for the remote control covers the battery and the screen .",
    "Bob: Mm - hmm . Like , the screen colour matters for the remote control .",
    "Ann: Uh , the budget , the budget . The screen .",
    "Bob: Right , right . Um the remote control battery life .",
  ].join("\n"),
);

describe("extractKeywords", () => {
  it("ranks the terms the meeting is about, with useful bigrams", () => {
    const terms = extractKeywords(meeting).map((k) => k.term);
    expect(terms[0]).toBe("remote control");
    expect(terms).toEqual(expect.arrayContaining(["budget", "battery", "screen"]));
  });

  it("drops a word said mostly inside a listed bigram", () => {
    const terms = extractKeywords(meeting).map((k) => k.term);
    expect(terms).not.toContain("remote");
    expect(terms).not.toContain("control");
  });

  it("never lists stopwords, fillers or corpus markers", () => {
    for (const name of ["ES2002a", "Bed004"] as const) {
      for (const { term } of extractKeywords(loadFixtureTranscript(name))) {
        for (const word of term.split(" ")) {
          expect(STOPWORDS.has(word) || FILLERS.has(word), word).toBe(false);
          expect(word).not.toMatch(/[{}]|^vocalsound$|^disfmarker$/);
        }
      }
    }
  });

  it("normalizes scores to 0..1, best first", () => {
    const keywords = extractKeywords(loadFixtureTranscript("IS1000a"));
    expect(keywords).toHaveLength(20);
    expect(keywords[0]!.score).toBe(1);
    for (const [i, k] of keywords.entries()) {
      expect(k.score).toBeGreaterThan(0);
      if (i > 0) expect(k.score).toBeLessThanOrEqual(keywords[i - 1]!.score);
    }
  });

  it("folds plurals to the singular that the meeting also uses", () => {
    const t = transcriptFromLines(
      "Ann: Bayes - nets are neat .\nBob: One Bayes - net per decision .\nAnn: The Bayes - net and the nets .\nBob: Decisions , decisions .",
    );
    const terms = extractKeywords(t).map((k) => k.term);
    expect(terms).toContain("bayes-net");
    expect(terms).toContain("decision");
    expect(terms).not.toContain("bayes-nets");
  });

  it("names what the kick-off meeting is about", () => {
    const terms = extractKeywords(loadFixtureTranscript("ES2002a")).map((k) => k.term);
    expect(terms.slice(0, 3)).toContain("remote control");
    expect(terms).toContain("beagle");
  });
});
