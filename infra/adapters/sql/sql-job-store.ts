import { InputError } from "../../../core/errors";
import { assembleDocument } from "../../../core/jobs/document";
import type { AnalyzerState, JobRecord } from "../../../core/jobs/job";
import type { JobPage, JobStore } from "../../../core/ports";
import { jsonParam, textParam } from "./json-param";
import { DELETE_MEETING } from "./search-sql";
import type { SqlClient } from "./sql-client";

const FOREIGN_KEY_VIOLATION = "23503";
const UNFINISHED = ["queued", "running"];

/**
 * Jobs in SQL (PostgreSQL or PGlite): the record as jsonb, patched by a merge in one statement;
 * each analyzer's state in a row of its own; results written once (`ON CONFLICT DO NOTHING`).
 * The transcript a job was given is kept as its meeting: headers in `meetings`, turns in `segments`.
 * Every value is a parameter.
 */
export function createSqlJobStore(db: SqlClient, written: WriteOnceCache = createWriteOnceCache()): JobStore {
  // A job's input and its results never change once written (only a delete removes them), and
  // every step of a job reads the input and the prepared result again: this process keeps the
  // recent ones, so a stage of parallel analyzers does not rebuild a one-hour transcript from its
  // segments once per analyzer.
  return {
    async create(record, input) {
      written.forget(record.jobId);
      const { transcript, ...rest } = JSON.parse(input) as { transcript?: Transcriptish };
      await db.transaction(async (tx) => {
        await tx.query("DELETE FROM jobs WHERE job_id = $1", [record.jobId]);
        await tx.query(
          "INSERT INTO jobs (job_id, record, created_at) VALUES ($1, $2::jsonb, $3::timestamptz)",
          [record.jobId, jsonParam(record), record.createdAt],
        );
        await tx.query("INSERT INTO job_inputs (job_id, input) VALUES ($1, $2)", [
          record.jobId,
          textParam(JSON.stringify(rest)),
        ]);
        if (!transcript || typeof transcript !== "object") return;
        const { segments = [], ...header } = transcript;
        await tx.query(
          "INSERT INTO meetings (job_id, owner, header, created_at) VALUES ($1, $2, $3::jsonb, $4::timestamptz)",
          [record.jobId, record.owner ?? null, jsonParam(header), record.createdAt],
        );
        // All turns in one statement: one parameter holding them as a JSON array.
        await tx.query(
          `INSERT INTO segments (job_id, position, data, text)
           SELECT $1, (s.n - 1)::int, s.e - 'text', COALESCE(s.e->>'text', '')
           FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS s(e, n)`,
          [record.jobId, jsonParam(segments)],
        );
      });
    },

    async get(jobId) {
      const { rows } = await db.query<{ record: JobRecord; analyzers: Record<string, AnalyzerState> }>(
        `SELECT j.record,
                COALESCE((SELECT jsonb_object_agg(a.key, a.state) FROM job_analyzers a WHERE a.job_id = j.job_id),
                         '{}'::jsonb) AS analyzers
         FROM jobs j WHERE j.job_id = $1`,
        [jobId],
      );
      const row = rows[0];
      return row ? assembleDocument(row.record, row.analyzers) : null;
    },

    async record(jobId) {
      const { rows } = await db.query<{ record: JobRecord }>("SELECT record FROM jobs WHERE job_id = $1", [
        jobId,
      ]);
      return rows[0]?.record ?? null;
    },

    async patch(jobId, fields, options) {
      const set: Record<string, unknown> = {};
      const unset: string[] = [];
      for (const [field, value] of Object.entries(fields)) {
        if (value === undefined) unset.push(field);
        else set[field] = value;
      }
      const { rowCount } = await db.query(
        `UPDATE jobs SET record = (record || $2::jsonb) - ARRAY(SELECT jsonb_array_elements_text($3::jsonb))
         WHERE job_id = $1 AND ($4::text IS NULL OR status = $4::text)`,
        [jobId, jsonParam(set), JSON.stringify(unset), options?.ifStatus ?? null],
      );
      return rowCount === 1;
    },

    async setAnalyzer(jobId, key, state) {
      try {
        await db.query(
          `INSERT INTO job_analyzers (job_id, key, state)
           SELECT $1, $2, $3::jsonb WHERE EXISTS (SELECT 1 FROM jobs WHERE job_id = $1)
           ON CONFLICT (job_id, key) DO UPDATE SET state = EXCLUDED.state`,
          [jobId, key, jsonParam(state)],
        );
      } catch (e) {
        // The job was deleted while a step still ran: nothing to record it on.
        if ((e as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw e;
      }
    },

    async analyzers(jobId) {
      const { rows } = await db.query<{ key: string; state: AnalyzerState }>(
        "SELECT key, state FROM job_analyzers WHERE job_id = $1",
        [jobId],
      );
      return Object.fromEntries(rows.map((r) => [r.key, r.state]));
    },

    async input(jobId) {
      const known = written.get(jobId, INPUT_KEY);
      if (known !== undefined) return known;
      const { rows } = await db.query<{ input: string; header: object | null; segments: object[] | null }>(
        `SELECT i.input, m.header,
                (SELECT jsonb_agg(s.data || jsonb_build_object('text', s.text) ORDER BY s.position)
                 FROM segments s WHERE s.job_id = i.job_id) AS segments
         FROM job_inputs i LEFT JOIN meetings m ON m.job_id = i.job_id
         WHERE i.job_id = $1`,
        [jobId],
      );
      const row = rows[0];
      if (!row) return null;
      const rest = JSON.parse(row.input) as object;
      const input = row.header
        ? JSON.stringify({ transcript: { ...row.header, segments: row.segments ?? [] }, ...rest })
        : JSON.stringify(rest);
      written.set(jobId, INPUT_KEY, input);
      return input;
    },

    async putResultOnce(jobId, key, value) {
      try {
        const { rowCount } = await db.query(
          `INSERT INTO job_results (job_id, key, value)
           SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM jobs WHERE job_id = $1)
           ON CONFLICT (job_id, key) DO NOTHING`,
          [jobId, key, textParam(value)],
        );
        // This value is the one that stands: the steps that read it next need not ask the database.
        if (rowCount === 1) written.set(jobId, key, value);
        return rowCount === 1;
      } catch (e) {
        if ((e as { code?: string }).code === FOREIGN_KEY_VIOLATION) return false;
        throw e;
      }
    },

    async result(jobId, key) {
      const known = written.get(jobId, key);
      if (known !== undefined) return known;
      const { rows } = await db.query<{ value: string }>(
        "SELECT value FROM job_results WHERE job_id = $1 AND key = $2",
        [jobId, key],
      );
      const value = rows[0]?.value ?? null;
      // Only a result that exists is kept: one not written yet may be written by another process.
      if (value !== null) written.set(jobId, key, value);
      return value;
    },

    // A job recorded without an owner (before owners were kept) is the open-mode user's, "open".
    async list(query): Promise<JobPage> {
      const after = decodeCursor(query.cursor);
      const { rows } = await db.query<{ record: JobRecord; created_at: Date }>(
        `SELECT record, created_at FROM jobs
         WHERE ($1::text IS NULL OR owner = $1::text OR ($1::text = 'open' AND owner IS NULL))
           AND ($2::text IS NULL OR status = $2::text)
           AND ($3::text IS NULL OR title ILIKE $3::text ESCAPE '\\')
           AND ($4::timestamptz IS NULL OR (created_at, job_id) < ($4::timestamptz, $5::text))
         ORDER BY created_at DESC, job_id DESC
         LIMIT $6`,
        [
          query.owner ?? null,
          query.status ?? null,
          query.text ? `%${likeEscape(query.text.trim())}%` : null,
          after?.createdAt ?? null,
          after?.jobId ?? null,
          query.limit + 1,
        ],
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        jobs: page.map((r) => r.record),
        ...(rows.length > query.limit && last
          ? { nextCursor: encodeCursor(new Date(last.created_at).toISOString(), last.record.jobId) }
          : {}),
      };
    },

    async delete(jobId) {
      written.forget(jobId);
      return db.transaction(async (tx) => {
        // The meeting's search index (migrations 0003, 0006) is keyed by the job id, without foreign keys:
        // DELETE_MEETING removes its passages and term counts with it.
        await tx.query(DELETE_MEETING, [jobId]);
        const { rowCount } = await tx.query("DELETE FROM jobs WHERE job_id = $1", [jobId]);
        return rowCount > 0;
      });
    },

    async createdBefore(iso, limit) {
      const { rows } = await db.query<{ job_id: string }>(
        `SELECT job_id FROM jobs WHERE created_at < $1::timestamptz AND NOT (status = ANY (ARRAY['queued', 'running']))
         ORDER BY created_at LIMIT $2`,
        [iso, limit],
      );
      return rows.map((r) => r.job_id);
    },

    async interruptUnfinished(startedAt) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ job_id: string }>(
          `UPDATE jobs SET record = record
             || jsonb_build_object('status', 'interrupted', 'updatedAt', $1::text)
             || jsonb_build_object('notes', COALESCE(record->'notes', '[]'::jsonb) || to_jsonb($2::text))
           WHERE status = ANY ($3::text[]) AND created_at < $4::timestamptz RETURNING job_id`,
          // The time twice: one parameter has one type, and the record keeps the ISO text.
          [startedAt, INTERRUPTED_NOTE, `{${UNFINISHED.join(",")}}`, startedAt],
        );
        const ids = rows.map((r) => r.job_id);
        if (ids.length > 0) {
          await tx.query(
            `UPDATE job_analyzers SET state = (state || '{"status": "pending"}'::jsonb) - 'startedAt'
             WHERE job_id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND state->>'status' = 'running'`,
            [JSON.stringify(ids)],
          );
        }
        return ids;
      });
    },
  };
}

/** About two one-hour jobs' inputs and prepared results, in characters. */
const WRITE_ONCE_CACHE_CHARS = 4_000_000;
const INPUT_KEY = "\u0000input";

/**
 * Recently read write-once values (inputs and results) by job and key, the least recently used
 * dropped past `maxChars`. A job deleted by another process may be served from here for a while;
 * what a step then writes for it is refused by the database (the job is gone).
 */
export type WriteOnceCache = ReturnType<typeof createWriteOnceCache>;

export function createWriteOnceCache(maxChars = WRITE_ONCE_CACHE_CHARS) {
  const entries = new Map<string, { jobId: string; value: string }>();
  let chars = 0;
  const id = (jobId: string, key: string) => `${jobId}\u0000${key}`;
  return {
    get(jobId: string, key: string): string | undefined {
      const k = id(jobId, key);
      const entry = entries.get(k);
      if (!entry) return undefined;
      entries.delete(k);
      entries.set(k, entry);
      return entry.value;
    },
    set(jobId: string, key: string, value: string) {
      if (value.length > maxChars) return;
      const k = id(jobId, key);
      const old = entries.get(k);
      if (old) chars -= old.value.length;
      entries.delete(k);
      entries.set(k, { jobId, value });
      chars += value.length;
      for (const [oldest, entry] of entries) {
        if (chars <= maxChars) break;
        entries.delete(oldest);
        chars -= entry.value.length;
      }
    },
    forget(jobId: string) {
      for (const [k, entry] of entries) {
        if (entry.jobId !== jobId) continue;
        entries.delete(k);
        chars -= entry.value.length;
      }
    },
  };
}

export const INTERRUPTED_NOTE =
  "The host stopped while this job ran. What had finished is kept; retry it to run the rest (POST /api/jobs/:jobId/retry).";

type Transcriptish = { segments?: unknown[] } & Record<string, unknown>;

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function encodeCursor(createdAt: string, jobId: string): string {
  return Buffer.from(JSON.stringify([createdAt, jobId])).toString("base64url");
}

/** A cursor this store made; anything else is refused, never passed on to SQL. */
function decodeCursor(cursor: string | undefined): { createdAt: string; jobId: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [createdAt, jobId] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof createdAt === "string" && !Number.isNaN(Date.parse(createdAt)) && typeof jobId === "string")
      return { createdAt, jobId };
  } catch {}
  throw new InputError(
    "invalid_request",
    "cursor: not a cursor this server gave; use nextCursor from the last page.",
    {
      details: { path: "cursor" },
    },
  );
}
