import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Transcript } from "../transcript/model";
import { FIXTURE_NAMES, loadFixtureTranscript, transcriptFromLines } from "./fixtures.test-helper";
import { prepareTranscript } from "./prepare-transcript";
import { depths, segmentTopics, topicBoundaries } from "./topics";

const COOKING = "pasta sauce tomato garlic oven basil cheese recipe onion pepper flour butter".split(" ");
const SPACE =
  "telescope planet orbit galaxy comet moon nebula asteroid rocket satellite gravity eclipse".split(" ");

/** 40 turns on cooking, then 40 on astronomy; each turn names eight words of its subject. */
function twoSubjects(): Transcript {
  const lines: string[] = [];
  for (const [subject, vocabulary] of [
    ["cooking", COOKING],
    ["space", SPACE],
  ] as const) {
    for (let i = 0; i < 40; i++) {
      const picked = Array.from({ length: 8 }, (_, j) => vocabulary[(i * 5 + j * 7) % vocabulary.length]);
      lines.push(`${i % 2 ? "Ann" : "Bob"}: We talk about ${subject} and ${picked.join(" and ")} today .`);
    }
  }
  return transcriptFromLines(lines.join("\n"));
}

const covers = (t: Transcript, topics: ReturnType<typeof segmentTopics>) => {
  const index = (id: string) => Number(id.slice(4)) - 1;
  expect(topics[0]!.startSegment).toBe(t.segments[0]!.id);
  expect(topics.at(-1)!.endSegment).toBe(t.segments.at(-1)!.id);
  for (const [i, topic] of topics.entries()) {
    expect(index(topic.endSegment)).toBeGreaterThanOrEqual(index(topic.startSegment));
    if (i > 0) expect(index(topic.startSegment)).toBe(index(topics[i - 1]!.endSegment) + 1);
  }
};

/** Hearst's depth score as first written: climb from every gap anew. */
const depthsByClimbing = (scores: readonly number[]) =>
  scores.map((s, i) => {
    let left = s;
    for (let j = i - 1; j >= 0 && scores[j]! >= left; j--) left = scores[j]!;
    let right = s;
    for (let j = i + 1; j < scores.length && scores[j]! >= right; j++) right = scores[j]!;
    return left - s + (right - s);
  });

describe("depths", () => {
  it("equals the climb from every gap", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 60 }), (xs) => {
        const scores = xs.map((x) => x / 4);
        expect(depths(scores)).toEqual(depthsByClimbing(scores));
      }),
    );
  });

  it("reads each score a bounded number of times, even where all are equal", () => {
    // A flat stretch made the climb from every gap cross all of it: quadratic on one long turn.
    let reads = 0;
    const flat = new Proxy(new Array<number>(20_000).fill(0.5), {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    expect(depths(flat).every((d) => d === 0)).toBe(true);
    expect(reads).toBeLessThan(10 * 20_000);
  });
});

describe("segmentTopics", () => {
  it("finds the turn where the subject changes", () => {
    const t = twoSubjects();
    const boundaries = topicBoundaries(prepareTranscript(t));
    expect(boundaries).toHaveLength(1);
    expect(Math.abs(boundaries[0]! - 40)).toBeLessThanOrEqual(2);
  });

  it("titles each topic by its own distinctive words", () => {
    const topics = segmentTopics(twoSubjects());
    expect(topics).toHaveLength(2);
    expect(topics[0]!.keywords.every((k) => [...COOKING, "cooking"].includes(k))).toBe(true);
    expect(topics[1]!.keywords.every((k) => [...SPACE, "space"].includes(k))).toBe(true);
    const titleWords = topics[0]!.title.toLowerCase().split(", ");
    expect(titleWords.length).toBeGreaterThanOrEqual(2);
    expect(titleWords.length).toBeLessThanOrEqual(3);
    expect(titleWords).toEqual(topics[0]!.keywords.slice(0, titleWords.length));
  });

  it.each(FIXTURE_NAMES)("covers every segment of %s contiguously, in order", (name) => {
    const t = loadFixtureTranscript(name);
    const topics = segmentTopics(t);
    expect(topics.length).toBeGreaterThanOrEqual(1);
    covers(t, topics);
  });

  it("keeps a short meeting as one topic", () => {
    const t = transcriptFromLines("Ann: Let us talk about the budget .\nBob: And the battery .");
    const topics = segmentTopics(t);
    expect(topics).toHaveLength(1);
    covers(t, topics);
  });

  it("never makes a topic smaller than the minimum size", () => {
    const t = loadFixtureTranscript("Bed004");
    const p = prepareTranscript(t);
    const starts = [0, ...topicBoundaries(p, { minTopicTerms: 100 }), t.segments.length];
    const contentWords = (from: number, to: number) =>
      p.segments
        .slice(from, to)
        .reduce((n, s) => n + s.sentences.reduce((m, x) => m + x.terms.filter(Boolean).length, 0), 0);
    for (let i = 1; i < starts.length; i++)
      expect(contentWords(starts[i - 1]!, starts[i]!)).toBeGreaterThanOrEqual(100);
  });

  it("returns nothing for an empty transcript", () => {
    expect(segmentTopics({ format: "text", speakers: [], segments: [] })).toEqual([]);
  });
});
