import { describe, expect, it } from "vitest";
import { bm25, idf } from "./bm25";
import type { LibraryStats, PassageMatch } from "./index-types";
import { DEFAULT_RANKING, diversify, proximity, rankMeetings, rankPassages } from "./rank";

const stats: LibraryStats = {
  meetings: 2,
  passages: 10,
  words: 1000,
  speakers: ["Alice", "Bob"],
  terms: { batteri: { passages: 2, meetings: 1 }, case: { passages: 8, meetings: 2 } },
  matches: [
    { meetingId: "m1", words: 500, tf: { batteri: 6, case: 2 } },
    { meetingId: "m2", words: 500, tf: { case: 9 } },
  ],
};
const passage = (meetingId: string, index: number, positions: Record<string, number[]>, speakers = ["Bob"]) =>
  ({ meetingId, index, topic: 0, words: 100, speakers, positions, fieldLexemes: [] }) satisfies PassageMatch;

describe("search ranking", () => {
  it("scores BM25 the standard way: rarer terms and more occurrences weigh more, with saturation", () => {
    expect(idf(10, 2)).toBeGreaterThan(idf(10, 8));
    const idfs = new Map([["t", 1]]);
    const one = bm25({ t: 1 }, idfs, 100, 100);
    const two = bm25({ t: 2 }, idfs, 100, 100);
    expect(two).toBeGreaterThan(one);
    expect(two).toBeLessThan(2 * one);
  });

  it("ranks the meeting that talks about the rare term above the one that only says the common one", () => {
    expect(rankMeetings(["batteri", "case"], stats).map((m) => m.meeting.meetingId)).toEqual(["m1", "m2"]);
  });

  it("rewards query words said together", () => {
    const idfs = new Map([
      ["voic", 2],
      ["recognit", 3],
    ]);
    expect(proximity({ voic: [4], recognit: [5] }, idfs, 2)).toBe(2);
    expect(proximity({ voic: [4], recognit: [40] }, idfs, 2)).toBe(0);
  });

  it("puts a passage by a speaker the query names ahead of an equal one, and explains each score", () => {
    const ranked = rankPassages(
      { lexemes: ["batteri"], speakers: ["Alice"] },
      [passage("m1", 0, { batteri: [1] }), passage("m1", 1, { batteri: [1] }, ["Alice"])],
      [{ meetingId: "m1", topics: [] }],
      stats,
      new Map([["m1", 1]]),
    );
    expect(ranked.map((r) => r.match.index)).toEqual([1, 0]);
    expect(ranked[0]!.why.speaker).toBe(DEFAULT_RANKING.speaker);
    expect(ranked[0]!.score).toBeCloseTo(
      ranked[0]!.why.passage + ranked[0]!.why.topic + ranked[0]!.why.meeting + ranked[0]!.why.speaker,
    );
  });

  it("can spread the first results over meetings", () => {
    const r = (meetingId: string, score: number) => ({
      match: passage(meetingId, score, {}),
      score,
      why: { passage: score, topic: 0, meeting: 0, speaker: 0 },
    });
    const list = [r("a", 10), r("a", 9), r("b", 8)];
    expect(diversify(list, 0).map((x) => x.match.meetingId)).toEqual(["a", "a", "b"]);
    expect(diversify(list, 0.5).map((x) => x.match.meetingId)).toEqual(["a", "b", "a"]);
  });
});
