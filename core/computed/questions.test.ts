import { describe, expect, it } from "vitest";
import { loadFixtureTranscript, transcriptFromLines } from "./fixtures.test-helper";
import { findQuestions } from "./questions";

describe("findQuestions", () => {
  it("finds sentences ending in a question mark, with segment id and speaker", () => {
    const t = transcriptFromLines("Ann: Welcome . What did you get in your emails ?\nBob: Just the brief .");
    expect(findQuestions(t)).toEqual([
      { segmentId: "seg-1", speaker: "Ann", text: "What did you get in your emails?" },
    ]);
  });

  it("skips backchannels and listener checks", () => {
    const t = transcriptFromLines(
      "Ann: Yeah ?\nBob: Hmm ?\nAnn: Mm - hmm ?\nBob: You know ?\nAnn: Sorry ?\nBob: Why ?",
    );
    expect(findQuestions(t).map((q) => q.text)).toEqual(["Why?"]);
  });

  it("finds an interrogative whose question mark the transcription lost", () => {
    const t = transcriptFromLines(
      "Ann: Does it need internet , or do we stay at basic television .\nBob: What we need is a plan .\nAnn: Can I have the remote control .",
    );
    expect(findQuestions(t).map((q) => q.segmentId)).toEqual(["seg-1", "seg-3"]);
  });

  it("cleans markers out of the question text", () => {
    const t = transcriptFromLines("Ann: Is he aware that {disfmarker} it 's his own tail ?");
    expect(findQuestions(t)[0]?.text).toBe("Is he aware that it's his own tail?");
  });

  it("finds the kick-off meeting's questions", () => {
    const questions = findQuestions(loadFixtureTranscript("ES2002a"));
    const texts = questions.map((q) => q.text);
    expect(texts).toContain("Do you want to introduce yourself again?");
    expect(texts).toContain("What did you get?");
    expect(texts.some((q) => /^(yeah|hmm|right)\?$/i.test(q))).toBe(false);
  });
});
