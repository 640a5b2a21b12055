import { describe, expect, it } from "vitest";
import {
  FIXTURE_NAMES,
  loadFixtureTranscript,
  readFixtureReference,
  transcriptFromLines,
  withSyntheticTiming,
} from "./fixtures.test-helper";
import { speakerStats } from "./speaker-stats";

describe("speakerStats", () => {
  it.each(FIXTURE_NAMES)("counts the reference's turns per speaker in %s", (name) => {
    const reference = readFixtureReference(name);
    const stats = speakerStats(loadFixtureTranscript(name));
    expect(Object.fromEntries(stats.map((s) => [s.speaker, s.turns]))).toEqual(reference.turns_by_speaker);
    expect(stats.reduce((n, s) => n + s.turns, 0)).toBe(reference.turns);
  });

  it.each(FIXTURE_NAMES)("gives word shares that sum to 1, most words first, in %s", (name) => {
    const stats = speakerStats(loadFixtureTranscript(name));
    expect(stats.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 10);
    for (const [a, b] of stats.slice(1).map((s, i) => [stats[i]!, s] as const))
      expect(a.words).toBeGreaterThanOrEqual(b.words);
  });

  it("counts real words, not markers or punctuation", () => {
    const t = transcriptFromLines("Ann: Um {vocalsound} I 'm here . {disfmarker} - ,\nBob: Mm - hmm .");
    const stats = speakerStats(t);
    expect(stats).toEqual([
      { speaker: "Ann", turns: 1, words: 3, talkTimeSeconds: null, share: 0.75, questions: 0 },
      { speaker: "Bob", turns: 1, words: 1, talkTimeSeconds: null, share: 0.25, questions: 0 },
    ]);
  });

  it("sums talk time from segment timestamps when the transcript has them", () => {
    const t = withSyntheticTiming(loadFixtureTranscript("ES2002a"));
    const expected = new Map<string, number>();
    for (const s of t.segments) expected.set(s.speaker, (expected.get(s.speaker) ?? 0) + (s.end! - s.start!));
    for (const s of speakerStats(t)) expect(s.talkTimeSeconds).toBeCloseTo(expected.get(s.speaker)!, 1);
    // Synthetic timing runs at 2.6 words a second, so talk time follows words.
    const pm = speakerStats(t).find((s) => s.speaker === "Project Manager")!;
    expect(pm.talkTimeSeconds).toBeGreaterThan(pm.words / 2.6 - 1);
  });

  it("counts each speaker's questions", () => {
    const t = transcriptFromLines(
      "Ann: What did you get ? And is that all ?\nBob: Yeah ?\nBob: I got the brief . Did you ?\nAnn: Okay .",
    );
    const byName = Object.fromEntries(speakerStats(t).map((s) => [s.speaker, s.questions]));
    expect(byName).toEqual({ Ann: 2, Bob: 1 });
  });

  it("lists a speaker of the header who never speaks, with zero share", () => {
    const t = { ...transcriptFromLines("Ann: Hello there ."), speakers: ["Ann", "Cy"] };
    expect(speakerStats(t).map((s) => [s.speaker, s.turns, s.share])).toEqual([
      ["Ann", 1, 1],
      ["Cy", 0, 0],
    ]);
  });
});
