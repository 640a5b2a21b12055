import { beforeAll, describe, expect, it } from "vitest";
import { computeAll } from "../../../core/computed/compute-all";
import type { SearchIndex } from "../../../core/ports";
import { searchMeetings } from "../../../core/search/search";
import { searchableMeeting } from "../../../core/search/searchable";
import type { Transcript } from "../../../core/transcript/model";
import { resetTestDatabase } from "../../../test/helpers/databases";
import { fixtureTranscript } from "../../../test/helpers/pipeline-harness";
import { SQL_ENGINES } from "../../../test/helpers/sql-engines";
import type { SqlClient } from "./sql-client";
import { createSqlSearchIndex, passageBatches } from "./sql-search-index";

const meeting = (lines: Array<[string, string]>, extra: Partial<Transcript> = {}): Transcript => ({
  format: "text",
  speakers: [...new Set(lines.map(([s]) => s))],
  segments: lines.map(([speaker, text], i) => ({
    id: `seg-${i + 1}`,
    index: i,
    speaker,
    text,
    start: i * 10,
  })),
  ...extra,
});

const budget = meeting(
  [
    ["Alice", "Welcome everyone, let's look at the budget for the remote control."],
    ["Bob", "The battery costs too much. We could use a kinetic battery instead."],
    ["Alice", "A kinetic battery sounds good. What about the case?"],
    ["Carol", "The case should be rubber, it feels soft and spongy."],
    ["Bob", "Voice recognition is expensive, but people like voice recognition."],
    ["Alice", "Then we drop the LCD screen to stay within budget."],
  ],
  { title: "Budget review", date: "2024-03-04" },
);
const launch = meeting(
  [
    ["Dana", "The launch is planned for May; marketing has the battery story ready."],
    ["Eve", "Our competitors ship voice control already."],
  ],
  { title: "Launch plan", date: "2024-05-01" },
);
const secret = meeting([["Mallory", "The battery of the secret prototype explodes."]], {
  title: "Other owner",
});

describe.each(SQL_ENGINES)("search over the SQL index on %s", (_engine, open) => {
  let index: SearchIndex;
  let db: SqlClient;
  const add = (meetingId: string, owner: string, transcript: Transcript) =>
    index.indexMeeting(
      searchableMeeting({ meetingId, owner, transcript, computed: computeAll(transcript) }, { minWords: 12 }),
    );

  beforeAll(async () => {
    db = await open();
    await resetTestDatabase(db);
    index = createSqlSearchIndex(db);
    await add("budget", "alice", budget);
    await add("launch", "alice", launch);
    await add("secret", "mallory", secret);
  });
  it("finds stemmed words across the owner's meetings, with title, date, speaker, time and highlights", async () => {
    const page = await searchMeetings(index, { q: "batteries" }, "alice");
    expect(page.terms).toEqual(["batteri"]);
    expect(page.hits.map((h) => h.meetingId)).toContain("launch");
    const top = page.hits[0]!;
    expect(top).toMatchObject({
      meetingId: "budget",
      meetingTitle: "Budget review",
      meetingDate: "2024-03-04",
    });
    expect(top.segmentIds).toContain(top.segmentId);
    const marked = top.segments.flatMap((s) =>
      s.parts.filter((p) => p.match).map((p) => p.text.toLowerCase()),
    );
    expect(marked).toContain("battery");
    expect(top.snippet.some((p) => p.match)).toBe(true);
  });

  it("never shows another owner's meetings", async () => {
    const page = await searchMeetings(index, { q: "battery prototype explodes" }, "alice");
    expect(page.hits.every((h) => h.meetingId !== "secret")).toBe(true);
    const theirs = await searchMeetings(index, { q: "battery" }, "mallory");
    expect(theirs.hits.map((h) => h.meetingId)).toEqual(["secret"]);
    const named = await searchMeetings(index, { q: "battery", filters: { meetings: ["secret"] } }, "alice");
    expect(named.hits).toEqual([]);
  });

  it("filters by speaker, date and meeting, inline or as parameters", async () => {
    const bySpeaker = await searchMeetings(index, { q: "battery speaker:dana" }, "alice");
    expect(bySpeaker.hits.map((h) => h.meetingId)).toEqual(["launch"]);
    const byDate = await searchMeetings(index, { q: "battery", filters: { from: "2024-04-01" } }, "alice");
    expect(byDate.hits.map((h) => h.meetingId)).toEqual(["launch"]);
    const byMeeting = await searchMeetings(index, { q: "battery meeting:budget" }, "alice");
    expect(new Set(byMeeting.hits.map((h) => h.meetingId))).toEqual(new Set(["budget"]));
  });

  it("requires quoted phrases and leaves out excluded words", async () => {
    const phrase = await searchMeetings(index, { q: '"voice recognition"' }, "alice");
    expect(phrase.hits.map((h) => h.meetingId)).toEqual(["budget"]);
    const excluded = await searchMeetings(index, { q: "battery -kinetic" }, "alice");
    expect(excluded.hits.map((h) => h.meetingId)).toEqual(["launch"]);
  });

  it("pages through the ranked passages", async () => {
    const first = await searchMeetings(index, { q: "battery voice", pageSize: 1 }, "alice");
    const second = await searchMeetings(index, { q: "battery voice", pageSize: 1, page: 2 }, "alice");
    expect(first.total).toBeGreaterThan(1);
    expect(first.hasMore).toBe(true);
    expect(second.hits[0]!.segmentIds).not.toEqual(first.hits[0]!.segmentIds);
  });

  it("answers a query of stopwords only with no hits, and refuses an empty or over-long one", async () => {
    expect((await searchMeetings(index, { q: "the and of" }, "alice")).hits).toEqual([]);
    await expect(searchMeetings(index, { q: "  " }, "alice")).rejects.toThrow(/Type something/);
    await expect(searchMeetings(index, { q: "x".repeat(501) }, "alice")).rejects.toThrow(/at most 500/);
  });

  it("counts a long meeting's words the same when its passages are written in several batches", async () => {
    const long = await fixtureTranscript("Bed004.txt");
    const found = searchableMeeting({
      meetingId: "long",
      owner: "bob",
      transcript: long,
      computed: computeAll(long),
    });
    expect(passageBatches(found.passages).length).toBeGreaterThan(1);
    await index.indexMeeting(found);
    const stored = await db.query<{ lexeme: string; tf: number; passages: number }>(
      "SELECT lexeme, tf, passages FROM search_terms WHERE meeting_id = 'long' ORDER BY lexeme",
    );
    // What one statement over all the meeting's passages counts.
    const whole = await db.query<{ lexeme: string; tf: number; passages: number }>(
      `SELECT u.lexeme, sum(cardinality(u.positions))::int AS tf, count(*)::int AS passages
       FROM search_passages p, unnest(p.tsv) u WHERE p.meeting_id = 'long' GROUP BY u.lexeme ORDER BY u.lexeme`,
    );
    expect(whole.rows.length).toBeGreaterThan(300);
    expect(stored.rows).toEqual(whole.rows);
    const passages = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM search_passages WHERE meeting_id = 'long'",
    );
    expect(passages.rows[0]!.n).toBe(found.passages.length);
  });

  it("forgets a deleted meeting and re-indexes one in place", async () => {
    await add("launch", "alice", meeting([["Dana", "Nothing about power here."]]));
    expect((await searchMeetings(index, { q: "competitors" }, "alice")).hits).toEqual([]);
    const rowsOf = async (meetingId: string) =>
      (
        await db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM search_passages WHERE meeting_id = $1)::int
                + (SELECT count(*) FROM search_terms WHERE meeting_id = $1)::int AS n`,
          [meetingId],
        )
      ).rows[0]!.n;
    // Re-indexed in place: the earlier passages and counts are gone, not added to.
    const launchTerms = await db.query<{ lexeme: string; tf: number }>(
      "SELECT lexeme, tf FROM search_terms WHERE meeting_id = 'launch' ORDER BY lexeme",
    );
    expect(launchTerms.rows.map((r) => r.lexeme)).toEqual(["noth", "power"]);
    expect(launchTerms.rows.map((r) => r.tf)).toEqual([1, 1]);
    expect(await rowsOf("budget")).toBeGreaterThan(0);
    await index.deleteMeeting("budget");
    expect((await searchMeetings(index, { q: "kinetic" }, "alice")).hits).toEqual([]);
    expect(await rowsOf("budget")).toBe(0);
  });
});

describe("passage batches", () => {
  const p = (n: number) => ({ text: "x".repeat(n) });
  it("keeps every passage once, in order, each batch within the limit unless one passage is over it alone", () => {
    const passages = [p(10), p(30), p(25), p(70), p(5), p(5)];
    const batches = passageBatches(passages, 50);
    expect(batches.flat()).toEqual(passages);
    expect(batches.map((b) => b.map((x) => x.text.length))).toEqual([[10, 30], [25], [70], [5, 5]]);
    expect(passageBatches([], 50)).toEqual([]);
  });
});
