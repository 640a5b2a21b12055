import { describe, expect, it } from "vitest";
import { longestTurnsSummary } from "./baselines";
import { FIXTURE_NAMES, loadFixtureTranscript, readFixtureReference } from "./fixtures.test-helper";
import { prepareTranscript } from "./prepare-transcript";
import { rouge1 } from "./rouge";
import { defaultSummaryBudget, extractiveSummary } from "./summary";
import { cleanText, tidyText, words } from "./tokenize";

const summaryWords = (items: { text: string }[]) => items.reduce((n, i) => n + words(i.text).length, 0);

describe("extractiveSummary", () => {
  it.each(FIXTURE_NAMES)("quotes existing segments of %s, in transcript order, markers removed", (name) => {
    const t = loadFixtureTranscript(name);
    const items = extractiveSummary(t);
    expect(items.length).toBeGreaterThan(3);
    let last = -1;
    for (const item of items) {
      const index = t.segments.findIndex((s) => s.id === item.segmentId);
      expect(index).toBeGreaterThanOrEqual(last);
      last = index;
      const segment = t.segments[index]!;
      expect(item.speaker).toBe(segment.speaker);
      // Tidying capitalizes each sentence's first letter; otherwise the words are the segment's own.
      expect(tidyText(cleanText(segment.text)).toLowerCase()).toContain(item.text.toLowerCase());
      expect(item.text).not.toMatch(/[{}]/);
    }
  });

  it.each(FIXTURE_NAMES)("keeps %s within the default budget of min(150, 10% of words)", (name) => {
    const t = loadFixtureTranscript(name);
    const budget = defaultSummaryBudget(prepareTranscript(t).totalWords);
    expect(budget).toBeLessThanOrEqual(150);
    const n = summaryWords(extractiveSummary(t));
    expect(n).toBeLessThanOrEqual(budget);
    expect(n).toBeGreaterThan(budget * 0.8);
  });

  it("honours maxWords", () => {
    const t = loadFixtureTranscript("Bed004");
    expect(summaryWords(extractiveSummary(t, { maxWords: 60 }))).toBeLessThanOrEqual(60);
  });

  it.each(FIXTURE_NAMES)(
    "states in %s: no question, filler, stutter, marker or broken-off sentence",
    (name) => {
      for (const { text } of extractiveSummary(loadFixtureTranscript(name))) {
        expect(text).not.toMatch(/\?/);
        expect(text).not.toMatch(/\b(?:um|uh|eh|er|ah|hmm|mm)\b/i);
        expect(text).not.toMatch(/\b(\w+) \1\b/i);
        expect(text).not.toMatch(/[{}]/);
        expect(text).not.toMatch(/\b(?:the|a|an|to|of|and|with|for)[.,]?$/i);
      }
    },
  );

  it("does not pick the same point twice", () => {
    const items = extractiveSummary(loadFixtureTranscript("IS1000a"));
    const texts = items.map((i) => i.text.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("is closer to the human summaries than the longest turns are (ROUGE-1 F1, mean of the fixtures)", () => {
    let ours = 0;
    let baseline = 0;
    for (const name of FIXTURE_NAMES) {
      const t = loadFixtureTranscript(name);
      const reference = readFixtureReference(name).general_summary;
      const text = extractiveSummary(t)
        .map((i) => i.text)
        .join(" ");
      ours += rouge1(text, reference).f1;
      baseline += rouge1(longestTurnsSummary(prepareTranscript(t), words(text).length), reference).f1;
    }
    expect(ours).toBeGreaterThan(baseline);
  });
});
