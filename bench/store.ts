/**
 * The system of record, measured in one run: POST /api/analyze on PostgreSQL beside the Redis-only
 * job store it replaced; a history page of 50 over 10,000 stored jobs on both engines; PGlite's
 * start on an empty and on a 1,000-job data folder; the embedded host's memory with 1,000 jobs.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { JobRecord } from "../core/jobs/job";
import { newJobId } from "../core/jobs/job-id";
import type { JobStore } from "../core/ports";
import { parseTranscript } from "../core/transcript";
import {
  createPgClient,
  createPgliteClient,
  createSqlJobStore,
  migrate,
  type SqlClient,
} from "../infra/adapters/sql";
import { startHost } from "../test/helpers/host-process";
import { FIXTURES, ROOT } from "../test/helpers/pipeline-harness";
import { startPostgresServer } from "../test/helpers/postgres-server";
import { startRedisServer } from "../test/helpers/redis-server";
import { load } from "./load";
import { startTsxService } from "./tsx-service";

const run = promisify(execFile);
const QUIET = { debug() {}, info() {}, warn() {}, error() {} };
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

export async function runStoreBench(options: { historyJobs?: number; libraryJobs?: number } = {}) {
  const historyJobs = options.historyJobs ?? 10_000;
  const libraryJobs = options.libraryJobs ?? 1_000;
  const redis = await startRedisServer();
  const postgres = await startPostgresServer();
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-store-"));
  try {
    // Each part is printed as it ends, so a long run shows progress.
    const part = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const value = await fn();
      console.error(`bench: store ${name}: ${JSON.stringify(value)}`);
      return value;
    };
    return {
      analyze: await part("analyze", () => analyzeOnEachStore(redis.url, postgres, dir)),
      history: await part("history", () => historyPages(postgres, dir, historyJobs)),
      pglite: await part("pglite", () => pgliteStartAndMemory(dir, libraryJobs)),
    };
  } finally {
    await redis.stop();
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The same POST /api/analyze load on the bench host with its jobs in PostgreSQL, then in Redis only. */
async function analyzeOnEachStore(
  redisUrl: string,
  postgres: { createDatabase(): Promise<string> },
  dir: string,
) {
  const transcript = await readFile(path.join(FIXTURES, "ES2002a.txt"), "utf8");
  const body = JSON.stringify({ transcriptText: transcript, selected: { stageA: ["say-means"] } });
  const analyze = () => ({ method: "POST", headers: { "content-type": "application/json" }, body });
  const measure = async (store: "postgres" | "redis") => {
    const host = await startTsxService("bench/bench-host.ts", [], /on (http:\/\/127\.0\.0\.1:\d+)/, {
      PATH: process.env.PATH ?? "",
      REDIS_URL: redisUrl,
      DATABASE_URL: await postgres.createDatabase(),
      ...(store === "redis" ? { BENCH_JOB_STORE: "redis" } : {}),
      OUTPUT_DIR: path.join(dir, store),
      DATA_DIR: path.join(dir, store),
      RATE_LIMIT_PER_HOUR: "0",
      SESSION_SECRET: "bench-session-secret-0123456789",
      LOG_LEVEL: "warn",
    });
    try {
      await load(`${host.url}/api/analyze`, analyze, { connections: 8, requests: 50, expectStatus: 202 });
      return await load(`${host.url}/api/analyze`, analyze, {
        connections: 16,
        requests: 600,
        expectStatus: 202,
      });
    } finally {
      await host.stop();
    }
  };
  const redisOnly = await measure("redis");
  const postgresStore = await measure("postgres");
  return {
    transcript:
      "ES2002a.txt pasted (20 KB, 287 turns), one Stage A analyzer, 16 connections, no worker running",
    postgres: postgresStore,
    redisOnly,
    throughputPostgresOverRedis: round(postgresStore.perSecond / redisOnly.perSecond, 3),
    p99PostgresOverRedis: round(postgresStore.p99Ms / redisOnly.p99Ms, 2),
  };
}

/** `n` jobs written straight into the jobs table in one statement (the history reads nothing else). */
async function seedHistory(db: SqlClient, n: number) {
  await db.query(
    `INSERT INTO jobs (job_id, record, created_at)
     SELECT id, jsonb_build_object(
              'jobId', id, 'status', CASE WHEN i % 10 = 0 THEN 'error' ELSE 'completed' END,
              'createdAt', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'updatedAt', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'owner', 'token:owner' || (i % 5),
              'source', jsonb_build_object('format', 'text', 'title', 'Weekly sync ' || i, 'segments', 287,
                                           'speakers', '["Ann","Bo","Cy","Di"]'::jsonb, 'words', 4200),
              'llm', '{"enabled": true}'::jsonb,
              'plan', '{"A": ["say-means"], "B": [], "final": [], "insights": true}'::jsonb,
              'notes', '[]'::jsonb, 'errors', '[]'::jsonb), at
     FROM (SELECT i, '20251001-' || lpad(i::text, 6, '0') || '-' || substr(md5(i::text), 1, 8) AS id,
                  timestamptz '2025-10-01 00:00:00+00' + i * interval '1 minute' AS at
           FROM generate_series(1, $1::int) AS i) AS g`,
    [n],
  );
  await db.exec("ANALYZE jobs");
}

/** p50/p99 of the first page, a page deep in the history, one owner's page and a title search, 50 each. */
async function pageTimes(store: JobStore, runs = 200) {
  const first = await store.list({ limit: 50 });
  let deep = first.nextCursor;
  for (let i = 0; i < 60 && deep; i++) deep = (await store.list({ limit: 50, cursor: deep })).nextCursor;
  const kinds = {
    first: () => store.list({ limit: 50 }),
    deep: () => store.list({ limit: 50, ...(deep ? { cursor: deep } : {}) }),
    owner: () => store.list({ limit: 50, owner: "token:owner3" }),
    status: () => store.list({ limit: 50, status: "error" }),
    text: () => store.list({ limit: 50, text: "sync 99" }),
  };
  const out: Record<string, { p50Ms: number; p99Ms: number }> = {};
  for (const [name, fn] of Object.entries(kinds)) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    out[name] = { p50Ms: round(quantile(times, 0.5)), p99Ms: round(quantile(times, 0.99)) };
  }
  return out;
}

async function historyPages(postgres: { createDatabase(): Promise<string> }, dir: string, n: number) {
  const pg = createPgClient(await postgres.createDatabase(), QUIET);
  await migrate(pg, QUIET);
  await seedHistory(pg, n);
  const onPostgres = await pageTimes(createSqlJobStore(pg));
  await pg.close();
  const lite = await createPgliteClient(path.join(dir, "history-db"));
  await migrate(lite, QUIET);
  await seedHistory(lite, n);
  const onPglite = await pageTimes(createSqlJobStore(lite));
  await lite.close();
  const worst = Math.max(...[onPostgres, onPglite].flatMap((e) => Object.values(e).map((t) => t.p99Ms)));
  return {
    jobs: n,
    pageSize: 50,
    postgres: onPostgres,
    pglite: onPglite,
    worstP99Ms: worst,
    target: "p99 < 50 ms",
  };
}

const openInFreshProcess = async (folder: string) => {
  const { stdout } = await run(
    process.execPath,
    [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "bench/pglite-open.ts", folder],
    { cwd: ROOT },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { ms: number; jobs: number };
};

/** Jobs as POST /api/analyze stores them (a 287-turn transcript each), through the store. */
async function seedLibrary(folder: string, n: number) {
  const db = await createPgliteClient(folder, { relaxedDurability: true });
  await migrate(db, QUIET);
  const store = createSqlJobStore(db);
  const transcript = await parseTranscript(await readFile(path.join(FIXTURES, "ES2002a.txt")), {
    fileName: "ES2002a.txt",
  });
  const input = JSON.stringify({ transcript, plan: { stages: { A: [], B: [], final: [] } } });
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2025, 9, 1) + i * 60_000);
    const record: JobRecord = {
      jobId: newJobId(at),
      status: "completed",
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      finishedAt: at.toISOString(),
      source: {
        format: "text",
        title: `Meeting ${i}`,
        segments: transcript.segments.length,
        speakers: transcript.speakers,
        words: 4200,
      },
      llm: { enabled: false },
      plan: { A: [], B: [], final: [], insights: false },
      notes: [],
      errors: [],
    };
    await store.create(record, input);
  }
  await db.close();
}

const rssMiB = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024, 1);
};

/** Start-up on an empty and on a library of `n` jobs, and the embedded host's memory on each. */
async function pgliteStartAndMemory(dir: string, n: number) {
  const empty = path.join(dir, "empty", "db");
  const emptyStart = await openInFreshProcess(empty);
  const full = path.join(dir, "full", "db");
  await seedLibrary(full, n);
  const fullStart = await openInFreshProcess(full);
  const { stdout } = await run("du", ["-sm", full]);
  const hostRss = async (dataDir: string) => {
    const host = await startHost(
      "http",
      { DATA_DIR: dataDir, OUTPUT_DIR: path.join(dataDir, "out"), LOG_LEVEL: "info" },
      120_000,
    );
    try {
      // Read the history once, as the web UI does on opening.
      await (await fetch(`${host.url}/api/jobs?limit=50`)).json();
      await new Promise((r) => setTimeout(r, 1_000));
      return await rssMiB(host.child.pid!);
    } finally {
      await host.stop();
    }
  };
  const rssEmpty = await hostRss(path.join(dir, "empty"));
  const rssFull = await hostRss(path.join(dir, "full"));
  return {
    startMs: { emptyDataDir: emptyStart.ms, [`with${n}Jobs`]: fullStart.ms },
    dataDirMiB: Number(stdout.split(/\s/)[0]),
    embeddedHostRssMiB: { emptyDataDir: rssEmpty, [`with${n}Jobs`]: rssFull },
    note: "start = open + migrate + one count in a fresh process (the WebAssembly compiled anew); RSS after one history page",
  };
}
