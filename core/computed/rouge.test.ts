import { describe, expect, it } from "vitest";
import { rouge1, rouge2 } from "./rouge";

describe("rouge1", () => {
  it("counts clipped unigram overlap", () => {
    // Overlap: the x2, cat, on, mat = 5 of 6 candidate and 7 reference words.
    const score = rouge1("the cat sat on the mat", "the cat was on the mat today");
    expect(score.precision).toBeCloseTo(5 / 6, 10);
    expect(score.recall).toBeCloseTo(5 / 7, 10);
    expect(score.f1).toBeCloseTo(10 / 13, 10);
  });

  it("ignores case, punctuation and corpus markers but keeps stopwords", () => {
    expect(rouge1("The cat {vocalsound} sat , on THE mat .", "the cat was on the mat today")).toEqual(
      rouge1("the cat sat on the mat", "the cat was on the mat today"),
    );
  });

  it("clips a repeated word at its count in the reference", () => {
    expect(rouge1("the the the the", "the cat").precision).toBe(0.25);
  });

  it("scores empty text zero", () => {
    expect(rouge1("", "the cat")).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe("rouge2", () => {
  it("counts clipped bigram overlap over the same tokens", () => {
    // Candidate bigrams: the cat, cat sat, sat on, on the, the mat; reference shares the cat, on the, the mat.
    const score = rouge2("the cat sat on the mat", "the cat was on the mat today");
    expect(score.precision).toBeCloseTo(3 / 5, 10);
    expect(score.recall).toBeCloseTo(3 / 6, 10);
  });

  it("scores a one-word candidate zero", () => {
    expect(rouge2("cat", "the cat").f1).toBe(0);
  });
});
