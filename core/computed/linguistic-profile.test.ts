import { describe, expect, it } from "vitest";
import { FIXTURE_NAMES, loadFixtureTranscript, transcriptFromLines } from "./fixtures.test-helper";
import { linguisticProfile } from "./linguistic-profile";
import { speakerStats } from "./speaker-stats";

const r = (count: number, words: number) => Math.round((count / words) * 10_000) / 10_000;

describe("linguisticProfile", () => {
  it("gives category rates per real word", () => {
    // Ann: i'm not sure it is good. my team and i will win (12 words)
    // Bob: we are not happy. you and your plan are bad, maybe (11 words)
    const t = transcriptFromLines(
      "Ann: I 'm not sure it is good . {vocalsound} My team and I will win .\nBob: We are not happy . You and your plan are bad , maybe .",
    );
    const profile = linguisticProfile(t);
    expect(profile.Ann).toEqual({
      words: 12,
      i: r(3, 12), // i'm, my, i
      we: 0,
      you: 0,
      negations: r(1, 12), // not
      certainty: 0, // "not sure" is no certainty ...
      tentative: r(1, 12), // ... but a hedge
      positiveEmotion: r(2, 12), // good, win
      negativeEmotion: 0,
    });
    expect(profile.Bob).toEqual({
      words: 11,
      i: 0,
      we: r(1, 11),
      you: r(2, 11), // you, your
      negations: r(1, 11),
      certainty: 0,
      tentative: r(1, 11), // maybe
      positiveEmotion: 0, // "not happy"
      negativeEmotion: r(1, 11), // bad
    });
  });

  it("reads the corpus's split clitics as one word", () => {
    const split = linguisticProfile(transcriptFromLines("Ann: I don 't know , I 'll see ."));
    const joined = linguisticProfile(transcriptFromLines("Ann: I don't know, I'll see."));
    expect(split).toEqual(joined);
    expect(split.Ann).toMatchObject({ words: 5, i: r(2, 5), negations: r(1, 5) });
  });

  it.each(FIXTURE_NAMES)("counts the same words as speakerStats for every speaker of %s", (name) => {
    const t = loadFixtureTranscript(name);
    const profile = linguisticProfile(t);
    for (const s of speakerStats(t)) expect(profile[s.speaker]?.words).toBe(s.words);
  });
});
