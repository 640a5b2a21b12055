import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JobRecord } from "../../../core/jobs/job";
import { resetTestDatabase } from "../../../test/helpers/databases";
import { SQL_ENGINES } from "../../../test/helpers/sql-engines";
import { createSqlAskThreads } from "./sql-ask-threads";
import type { SqlClient } from "./sql-client";
import { createSqlJobStore, createWriteOnceCache } from "./sql-job-store";
import { createSqlMeetingEditor } from "./sql-meeting-editor";
import { createSqlSearchIndex } from "./sql-search-index";

const JOB = "20251001-120000-aaaaaaaa";
const at = "2025-10-01T12:00:00.000Z";
const record: JobRecord = {
  jobId: JOB,
  status: "completed",
  createdAt: at,
  updatedAt: at,
  source: { format: "text", segments: 2, speakers: ["S1", "S2"], words: 6 },
  llm: { enabled: false },
  plan: { A: [], B: [], final: [], insights: true },
  notes: [],
  errors: [],
};
const input = JSON.stringify({
  transcript: {
    format: "text",
    speakers: ["S1", "S2"],
    segments: [
      { id: "seg-1", index: 0, speaker: "S1", text: "We ship Monday." },
      { id: "seg-2", index: 1, speaker: "S2", text: "Fine by me." },
    ],
  },
  plan: {},
});

describe.each(SQL_ENGINES)("meeting threads, speaker edits and deletes on %s", (_engine, open) => {
  let db: SqlClient;
  beforeAll(async () => {
    db = await open();
  });
  beforeEach(async () => {
    await resetTestDatabase(db);
    await createSqlJobStore(db).create(record, input);
  });

  it("keeps a meeting's questions in order, an answer replacing its question's turn", async () => {
    const threads = createSqlAskThreads(db);
    await threads.put(JOB, { id: "b", askedAt: "2025-10-02T00:00:00Z", question: "Second?" });
    await threads.put(JOB, { id: "a", askedAt: "2025-10-01T00:00:00Z", question: "First?" });
    await threads.put(JOB, {
      id: "a",
      askedAt: "2025-10-01T00:00:00Z",
      question: "First?",
      error: { code: "llm_connection", message: "dropped" },
      partial: "The",
    });
    const turns = await threads.list(JOB);
    expect(turns.map((t) => [t.id, t.question])).toEqual([
      ["a", "First?"],
      ["b", "Second?"],
    ]);
    expect(turns[0]).toMatchObject({ partial: "The", error: { code: "llm_connection" } });
  });

  it("renames speakers in the header and every segment and replaces the prepared input", async () => {
    // The store and the editor share the write-once cache, as the adapters wire them: the rename
    // must not leave this process reading the input it replaced.
    const written = createWriteOnceCache();
    const store = createSqlJobStore(db, written);
    await store.putResultOnce(JOB, "prepared", '{"old":true}');
    expect(await store.result(JOB, "prepared")).toBe('{"old":true}');
    await createSqlMeetingEditor(db, written).renameSpeakers(
      JOB,
      { S1: "Ann", S2: "Ann" },
      ["Ann"],
      '{"new":true}',
    );
    const stored = JSON.parse((await store.input(JOB))!);
    expect(stored.transcript.speakers).toEqual(["Ann"]);
    expect(stored.transcript.segments.map((s: { speaker: string }) => s.speaker)).toEqual(["Ann", "Ann"]);
    expect(await store.result(JOB, "prepared")).toBe('{"new":true}');
  });

  it("deletes a job's thread and search index with the job", async () => {
    await createSqlAskThreads(db).put(JOB, { id: "a", askedAt: at, question: "Q?" });
    const index = createSqlSearchIndex(db);
    await index.indexMeeting({
      meetingId: JOB,
      owner: "",
      speakers: ["S1"],
      words: 3,
      keywords: [],
      topics: [],
      passages: [
        {
          index: 0,
          topic: 0,
          first: 0,
          last: 0,
          speakers: ["S1"],
          words: 3,
          segments: [{ id: "seg-1", speaker: "S1", text: "We ship Monday." }],
          text: "We ship Monday.",
          fields: "",
        },
      ],
    });
    expect(await createSqlJobStore(db).delete(JOB)).toBe(true);
    const { rows } = await db.query<{ n: number }>(
      "SELECT (SELECT count(*) FROM ask_turns)::int + (SELECT count(*) FROM search_meetings)::int + (SELECT count(*) FROM search_passages)::int + (SELECT count(*) FROM search_terms)::int AS n",
    );
    expect(rows[0]!.n).toBe(0);
  });
});
