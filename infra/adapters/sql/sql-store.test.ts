import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AnalyzerState, JobRecord } from "../../../core/jobs/job";
import { newShareToken, shareIdOf } from "../../../core/jobs/share-link";
import type { JobStore } from "../../../core/ports";
import { resetTestDatabase, sharedTestDatabase } from "../../../test/helpers/databases";
import { testPostgresDatabase } from "../../../test/helpers/postgres-url";
import { checkShareStore, OTHER_SHARED_JOB, SHARED_JOB } from "../share-store.test-helper";
import { migrate } from "./migrate";
import { createPgClient } from "./pg-client";
import type { SqlClient } from "./sql-client";
import { createSqlJobStore, INTERRUPTED_NOTE } from "./sql-job-store";
import { createSqlPromptStore } from "./sql-prompt-store";
import { createSqlShareStore } from "./sql-share-store";

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

let counter = 0;
function record(fields: Partial<JobRecord> = {}): JobRecord {
  const n = ++counter;
  const at = new Date(Date.UTC(2025, 9, 1, 12, 0, 0) + n * 1000).toISOString();
  return {
    jobId: `20251001-1200${String(n % 100).padStart(2, "0")}-${String(n).padStart(8, "a")}`,
    status: "queued",
    createdAt: at,
    updatedAt: at,
    source: { format: "text", segments: 2, speakers: ["Ann", "Bo"], words: 10, title: `Meeting ${n}` },
    llm: { enabled: true },
    plan: { A: ["say-means", "soul", "spin"], B: [], final: [], insights: true },
    notes: [],
    errors: [],
    ...fields,
  };
}

const state = (id: string, status: AnalyzerState["status"] = "completed"): AnalyzerState => ({
  id,
  name: id,
  stage: "A",
  status,
});

const TRANSCRIPT = {
  format: "vtt",
  title: "Launch review",
  date: "2025-10-01",
  durationSeconds: 12.5,
  speakers: ["Ann", "Bo"],
  segments: [
    { id: "seg-1", index: 0, speaker: "Ann", start: 0, end: 4.25, text: "We ship on Monday." },
    { id: "seg-2", index: 1, speaker: "Bo", start: 4.25, end: 12.5, text: "I'll tell the vendor." },
  ],
};
const INPUT = JSON.stringify({
  transcript: TRANSCRIPT,
  plan: { stages: { A: [] } },
  credentials: "sealed:abc",
});

/** The same behaviours on both engines: PGlite (this process's database) and a PostgreSQL server. */
const engines: Array<[string, () => Promise<SqlClient>]> = [
  ["PGlite", () => sharedTestDatabase()],
  [
    "PostgreSQL",
    (() => {
      let db: Promise<SqlClient> | undefined;
      return () => {
        db ??= (async () => {
          const client = createPgClient(await testPostgresDatabase(), QUIET);
          await migrate(client, QUIET);
          return client;
        })();
        return db;
      };
    })(),
  ],
];

describe.each(engines)("the SQL store on %s", (_engine, open) => {
  let db: SqlClient;
  let store: JobStore;
  beforeAll(async () => {
    db = await open();
  });
  beforeEach(async () => {
    await resetTestDatabase(db);
    store = createSqlJobStore(db);
  });

  it("keeps the first result when many writers store one at the same time", async () => {
    const job = record();
    await store.create(job, "{}");
    const wrote = await Promise.all(
      Array.from({ length: 30 }, (_, i) => store.putResultOnce(job.jobId, "A.say-means", `value ${i}`)),
    );
    expect(wrote.filter(Boolean)).toHaveLength(1);
    expect(await store.result(job.jobId, "A.say-means")).toBe(`value ${wrote.indexOf(true)}`);
  });

  it("keeps every analyzer state and record field that parallel writers set", async () => {
    const job = record({
      plan: { A: Array.from({ length: 24 }, (_, i) => `a${i}`), B: [], final: [], insights: false },
    });
    await store.create(job, "{}");
    await Promise.all([
      ...job.plan.A.map((id) => store.setAnalyzer(job.jobId, `A.${id}`, state(id))),
      store.patch(job.jobId, { status: "running", startedAt: "2025-10-01T12:01:00.000Z" }),
      store.patch(job.jobId, { stage: "A", notes: ["shortened"] }),
    ]);
    const doc = await store.get(job.jobId);
    expect(Object.values(doc!.stages.A.analyzers).map((a) => a.status)).toEqual(
      job.plan.A.map(() => "completed"),
    );
    expect(doc).toMatchObject({
      status: "running",
      stage: "A",
      notes: ["shortened"],
      startedAt: "2025-10-01T12:01:00.000Z",
    });
    expect(doc!.source).toEqual(job.source);
    await store.patch(job.jobId, { startedAt: undefined });
    expect((await store.record(job.jobId))?.startedAt).toBeUndefined();
  });

  it("does not start a job that was cancelled meanwhile: a patch guarded by a status it no longer has", async () => {
    const job = record();
    await store.create(job, "{}");
    await store.patch(job.jobId, { status: "cancelled" });
    expect(await store.patch(job.jobId, { status: "running" }, { ifStatus: "queued" })).toBe(false);
    expect((await store.record(job.jobId))?.status).toBe("cancelled");
    expect(await store.patch(job.jobId, { notes: ["n"] }, { ifStatus: "cancelled" })).toBe(true);
    expect((await store.record(job.jobId))?.notes).toEqual(["n"]);
  });

  it("shows planned analyzers as pending and knows no job it was never given", async () => {
    const job = record();
    await store.create(job, '{"plan":1}');
    const doc = await store.get(job.jobId);
    expect(doc?.stages.A.status).toBe("pending");
    expect(doc?.stages.A.analyzers.soul?.status).toBe("pending");
    expect(JSON.parse((await store.input(job.jobId))!)).toEqual({ plan: 1 });
    const unknown = "20990101-000000-nosuchjb";
    expect(await store.patch(unknown, { status: "running" })).toBe(false);
    await store.setAnalyzer(unknown, "A.soul", state("soul"));
    expect(await store.putResultOnce(unknown, "A.soul", "x")).toBe(false);
    expect(await store.record(unknown)).toBeNull();
    expect(await store.get(unknown)).toBeNull();
    expect(await store.input(unknown)).toBeNull();
  });

  it("keeps the transcript as a meeting with one row per segment, and gives the input back whole", async () => {
    const job = record({ owner: "token:alice" });
    await store.create(job, INPUT);
    expect(JSON.parse((await store.input(job.jobId))!)).toEqual(JSON.parse(INPUT));
    const meeting = await db.query<{
      owner: string;
      title: string;
      meeting_date: string;
      speakers: string[];
    }>("SELECT owner, title, meeting_date, speakers FROM meetings WHERE job_id = $1", [job.jobId]);
    expect(meeting.rows).toEqual([
      { owner: "token:alice", title: "Launch review", meeting_date: "2025-10-01", speakers: ["Ann", "Bo"] },
    ]);
    const segments = await db.query(
      "SELECT segment_id, speaker, start_seconds, end_seconds, text FROM segments WHERE job_id = $1 ORDER BY position",
      [job.jobId],
    );
    expect(segments.rows).toEqual([
      {
        segment_id: "seg-1",
        speaker: "Ann",
        start_seconds: 0,
        end_seconds: 4.25,
        text: "We ship on Monday.",
      },
      {
        segment_id: "seg-2",
        speaker: "Bo",
        start_seconds: 4.25,
        end_seconds: 12.5,
        text: "I'll tell the vendor.",
      },
    ]);
  });

  it("pages through the history newest first, by owner, status and title text", async () => {
    const jobs: JobRecord[] = [];
    for (let i = 0; i < 7; i++) {
      const r = record({ owner: i % 2 ? "bob" : "alice", status: i === 3 ? "completed" : "queued" });
      if (i === 5) r.source.title = "Budget: 100% done_now";
      jobs.push(r);
      await store.create(r, "{}");
    }
    const newestFirst = jobs.map((j) => j.jobId).reverse();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await store.list({ limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.jobs.map((j) => j.jobId));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(newestFirst);
    expect((await store.list({ limit: 10, owner: "bob" })).jobs.map((j) => j.jobId)).toEqual(
      newestFirst.filter((_, i) => (6 - i) % 2 === 1),
    );
    expect((await store.list({ limit: 10, status: "completed" })).jobs.map((j) => j.jobId)).toEqual([
      jobs[3]!.jobId,
    ]);
    // Wildcards in the text are literal characters.
    expect((await store.list({ limit: 10, text: "100%" })).jobs.map((j) => j.jobId)).toEqual([
      jobs[5]!.jobId,
    ]);
    expect((await store.list({ limit: 10, text: "e_n" })).jobs.map((j) => j.jobId)).toEqual([jobs[5]!.jobId]);
    expect((await store.list({ limit: 10, text: "BUDGET" })).jobs).toHaveLength(1);
    expect((await store.list({ limit: 10, owner: "carol" })).jobs).toEqual([]);
    await expect(store.list({ limit: 3, cursor: "bm90IGEgY3Vyc29y" })).rejects.toMatchObject({
      code: "invalid_request",
    });
  });

  it("takes hostile ids, owners and text as values, never as SQL", async () => {
    const owner = "x'); DROP TABLE jobs; --";
    const job = record({ owner });
    await store.create(
      job,
      JSON.stringify({ transcript: { ...TRANSCRIPT, title: "'; DELETE FROM meetings; --" } }),
    );
    expect((await store.list({ limit: 5, owner })).jobs.map((j) => j.jobId)).toEqual([job.jobId]);
    expect((await store.list({ limit: 5, text: "' OR 1=1 --" })).jobs).toEqual([]);
    expect(await store.record("' OR '1'='1")).toBeNull();
    expect((await db.query("SELECT count(*)::int AS n FROM meetings")).rows).toEqual([{ n: 1 }]);
  });

  it("stores a NUL character a transcript may carry as U+FFFD instead of failing", async () => {
    const job = record();
    job.source.title = "nul\u0000here";
    const input = JSON.stringify({
      transcript: { ...TRANSCRIPT, segments: [{ ...TRANSCRIPT.segments[0], text: "a\u0000b" }] },
    });
    await store.create(job, input);
    expect((await store.record(job.jobId))?.source.title).toBe("nul\ufffdhere");
    expect(JSON.parse((await store.input(job.jobId))!).transcript.segments[0].text).toBe("a\ufffdb");
  });

  it("deletes a job with its meeting, segments, states and results", async () => {
    const job = record();
    await store.create(job, INPUT);
    await store.setAnalyzer(job.jobId, "A.soul", state("soul"));
    await store.putResultOnce(job.jobId, "A.soul", "text");
    expect(await store.delete(job.jobId)).toBe(true);
    expect(await store.delete(job.jobId)).toBe(false);
    for (const table of ["jobs", "job_inputs", "job_analyzers", "job_results", "meetings", "segments"]) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect(rows[0]!.n, table).toBe(0);
    }
  });

  it("marks queued and running jobs interrupted after a stop, keeping what had finished", async () => {
    const running = record({ status: "running" });
    const queued = record();
    const done = record({ status: "completed" });
    // Queued after the host started again: its own, not interrupted.
    const fresh = record({ createdAt: "2025-10-02T00:00:00.500Z" });
    for (const r of [running, queued, done, fresh]) await store.create(r, "{}");
    await store.setAnalyzer(running.jobId, "A.say-means", state("say-means", "completed"));
    await store.setAnalyzer(running.jobId, "A.soul", {
      ...state("soul", "running"),
      startedAt: running.createdAt,
    });
    const ids = await store.interruptUnfinished("2025-10-02T00:00:00.000Z");
    expect(ids.sort()).toEqual([running.jobId, queued.jobId].sort());
    const doc = await store.get(running.jobId);
    expect(doc).toMatchObject({
      status: "interrupted",
      updatedAt: "2025-10-02T00:00:00.000Z",
      notes: [INTERRUPTED_NOTE],
    });
    expect(doc!.stages.A.analyzers["say-means"]!.status).toBe("completed");
    expect(doc!.stages.A.analyzers.soul).toEqual(state("soul", "pending"));
    expect((await store.record(done.jobId))?.status).toBe("completed");
    expect((await store.record(fresh.jobId))?.status).toBe("queued");
  });

  it("names the old jobs retention may delete, oldest first, never one still running", async () => {
    const old = record({ status: "completed" });
    const oldRunning = record({ status: "running" });
    const recent = record({ status: "completed", createdAt: "2030-01-01T00:00:00.000Z" });
    for (const r of [old, oldRunning, recent]) await store.create(r, "{}");
    expect(await store.createdBefore("2029-01-01T00:00:00.000Z", 10)).toEqual([old.jobId]);
  });

  it("keeps prompt edits and custom analyzers, one per id", async () => {
    const prompts = createSqlPromptStore(db);
    const at = "2025-10-01T12:00:00.000Z";
    await prompts.put({ id: "say-means", kind: "override", text: "edited", updatedAt: at });
    await prompts.put({ id: "my-check", kind: "custom", text: "custom", updatedAt: at });
    expect(await prompts.get("say-means")).toEqual({
      id: "say-means",
      kind: "override",
      text: "edited",
      updatedAt: at,
    });
    await prompts.put({ id: "my-check", kind: "override", text: "now an edit", updatedAt: at });
    expect((await prompts.list()).map((p) => [p.id, p.kind])).toEqual([
      ["my-check", "override"],
      ["say-means", "override"],
    ]);
    expect(await prompts.delete("say-means")).toBe(true);
    expect(await prompts.delete("say-means")).toBe(false);
    await prompts.clear("custom");
    expect(await prompts.list()).toHaveLength(1);
    await prompts.clear();
    expect(await prompts.list()).toEqual([]);
    await expect(prompts.get("../etc/passwd")).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("keeps share links per job until revoked, expired or their job deleted", async () => {
    for (const jobId of [SHARED_JOB, OTHER_SHARED_JOB]) await store.create(record({ jobId }), "{}");
    const shares = createSqlShareStore(db);
    await checkShareStore(shares, async (id) => {
      await db.query("UPDATE share_links SET expires_at = now() - interval '1 second' WHERE id = $1", [id]);
    });
    const link = {
      id: shareIdOf(newShareToken()),
      jobId: SHARED_JOB,
      owner: "token:0123456789abcdef",
      createdAt: "2025-10-01T12:00:04.000Z",
    };
    // A link given an end is answered until then, and says when.
    const until = { ...link, id: shareIdOf(newShareToken()), expiresAt: "2999-01-01T00:00:00.000Z" };
    const ended = { ...link, id: shareIdOf(newShareToken()), expiresAt: "2020-01-01T00:00:00.000Z" };
    for (const l of [link, until, ended]) await shares.put(l);
    expect(await createSqlShareStore(db).get(link.id)).toEqual(link);
    expect(await shares.get(until.id)).toEqual(until);
    expect(await shares.get(ended.id)).toBeNull();
    expect((await shares.list(SHARED_JOB)).map((l) => l.id).sort()).toEqual([link.id, until.id].sort());
    await store.delete(SHARED_JOB);
    expect(await shares.get(link.id)).toBeNull();
  });
});
