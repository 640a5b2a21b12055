import { describe, expect, it } from "vitest";
import { defaultWindow, labelsFromSpans, labelsFromStarts, pk, windowDiff } from "./segmentation-metrics";

const reference = [0, 0, 0, 0, 1, 1, 1, 1];

describe("pk and windowDiff", () => {
  it("are 0 for the reference itself", () => {
    expect(pk(reference, reference)).toBe(0);
    expect(windowDiff(reference, reference)).toBe(0);
  });

  it("use half the mean reference segment length as the window", () => {
    expect(defaultWindow(reference)).toBe(2);
  });

  it("count the windows a missed boundary spoils", () => {
    // k = 2: windows starting at 2 and 3 straddle the boundary; 2 of 6 windows disagree.
    const none = [0, 0, 0, 0, 0, 0, 0, 0];
    expect(pk(reference, none)).toBeCloseTo(2 / 6, 10);
    expect(windowDiff(reference, none)).toBeCloseTo(2 / 6, 10);
  });

  it("count a near miss once on each side", () => {
    const late = [0, 0, 0, 0, 0, 1, 1, 1];
    // Windows (2,4) and (4,6) disagree; window (3,5) straddles both boundaries.
    expect(pk(reference, late)).toBeCloseTo(2 / 6, 10);
  });

  it("punish extra boundaries that Pk may miss", () => {
    const extra = [0, 1, 2, 3, 4, 5, 6, 7];
    expect(windowDiff(reference, extra)).toBe(1);
  });

  it("refuse segmentations of different lengths", () => {
    expect(() => pk(reference, [0, 0])).toThrow(RangeError);
  });
});

describe("labelsFromStarts and labelsFromSpans", () => {
  it("number the segments from the starts", () => {
    expect(labelsFromStarts(6, [2, 4])).toEqual([0, 0, 1, 1, 2, 2]);
    expect(labelsFromStarts(3, [])).toEqual([0, 0, 0]);
  });

  it("make a run outside every span a segment of its own and give a shared unit to the later topic", () => {
    expect(labelsFromSpans(8, [[[0, 2]], [[5, 7]]])).toEqual([0, 0, 0, 1, 1, 2, 2, 2]);
    expect(labelsFromSpans(4, [[[0, 2]], [[2, 3]]])).toEqual([0, 0, 1, 1]);
    // A topic in two pieces is two segments: its label changes where another topic comes between.
    expect(
      labelsFromSpans(6, [
        [
          [0, 1],
          [4, 5],
        ],
        [[2, 3]],
      ]),
    ).toEqual([0, 0, 1, 1, 2, 2]);
  });
});
