import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  FIXTURE_NAMES,
  loadFixtureTranscript,
  transcriptFromLines,
  withSyntheticTiming,
} from "./fixtures.test-helper";
import { ComputedAnalysesSchema, computeAll, extractiveSummary, speakerStats } from "./index";

describe("computeAll", () => {
  it.each(FIXTURE_NAMES)("returns every analysis of %s in the documented shape", (name) => {
    const t = withSyntheticTiming(loadFixtureTranscript(name));
    const result = computeAll(t);
    v.parse(ComputedAnalysesSchema, result);
    expect(Object.keys(result)).toEqual([
      "speakerStats",
      "questions",
      "keywords",
      "topics",
      "summary",
      "linguisticProfile",
      "insights",
    ]);
    expect(Object.keys(result.linguisticProfile).sort()).toEqual([...t.speakers].sort());
    // The shared tokenization gives the same answers as each analysis run on its own.
    expect(result.speakerStats).toEqual(speakerStats(t));
    expect(result.summary).toEqual(extractiveSummary(t));
  });

  it("passes options.now to the insights", () => {
    const t = transcriptFromLines("Alice: I'll send the report by Friday .");
    expect(computeAll(t, { now: new Date("2025-10-01T10:00:00Z") }).insights[0]?.due).toBe("2025-10-03");
    expect(computeAll(t).insights[0]?.due).toBeUndefined();
  });

  it("survives a transcript with no words", () => {
    const t = transcriptFromLines("Ann: {vocalsound}\nBob: .");
    const result = computeAll(t);
    v.parse(ComputedAnalysesSchema, result);
    expect(result.speakerStats.map((s) => s.share)).toEqual([0, 0]);
    expect(result.summary).toEqual([]);
    expect(result.topics).toHaveLength(1);
  });
});
