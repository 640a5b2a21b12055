/**
 * Search, measured in one run: what indexing a meeting adds to its job's computed analyses (the 35
 * dev meetings, PGlite in a folder as a host keeps it), and query latency (p50/p99) on a library of
 * generated meetings on PGlite and on PostgreSQL. The library's size is bounded by
 * SEARCH_BENCH_MEETINGS (1,000 by default, 500 segments each: the ~500k segments the query goal
 * names; indexing them takes about 40 s on PGlite and 30 s on PostgreSQL here) and SEARCH_BENCH_QUERIES.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { computeAll } from "../core/computed/compute-all";
import type { SearchIndex } from "../core/ports";
import { searchMeetings } from "../core/search/search";
import { searchableMeeting } from "../core/search/searchable";
import type { Transcript } from "../core/transcript/model";
import { readLibraryMeeting } from "../eval/search/dev-library";
import { HELD_OUT, TUNING } from "../eval/split";
import {
  createPgClient,
  createPgliteClient,
  createSqlSearchIndex,
  migrate,
  type SqlClient,
} from "../infra/adapters/sql";
import { startPostgresServer } from "../test/helpers/postgres-server";

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

export async function runSearchBench(options: { meetings?: number; queries?: number } = {}) {
  const meetings = options.meetings ?? Number(process.env.SEARCH_BENCH_MEETINGS ?? 1000);
  const queries = options.queries ?? Number(process.env.SEARCH_BENCH_QUERIES ?? 50);
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-search-"));
  try {
    const indexing = await indexingOverhead(dir);
    console.error(`bench: search indexing: ${JSON.stringify(indexing)}`);
    const pglite = await createPgliteClient(path.join(dir, "library"));
    let pgliteQueries: unknown;
    try {
      await migrate(pglite, QUIET);
      pgliteQueries = await queryLatency(pglite, meetings, queries);
    } finally {
      await pglite.close();
    }
    console.error(`bench: search pglite: ${JSON.stringify(pgliteQueries)}`);
    const postgres = await startPostgresServer();
    let postgresQueries: unknown;
    try {
      const client = createPgClient(postgres.url, QUIET);
      await migrate(client, QUIET);
      postgresQueries = await queryLatency(client, meetings, queries);
      await client.close();
    } finally {
      await postgres.stop();
    }
    console.error(`bench: search postgres: ${JSON.stringify(postgresQueries)}`);
    return { indexing, pglite: pgliteQueries, postgres: postgresQueries };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Per dev meeting, the prepare step's computed analyses beside what the same step adds to index the
 * meeting (passages built, written to the index in one transaction), in the same process.
 */
async function indexingOverhead(dir: string) {
  const db = await createPgliteClient(path.join(dir, "overhead"));
  try {
    await migrate(db, QUIET);
    const index = createSqlSearchIndex(db);
    const names = [...TUNING, ...HELD_OUT];
    let computedMs = 0;
    let indexMs = 0;
    let segments = 0;
    const ratios: number[] = [];
    // One warm-up pass (JIT, PGlite's caches), then the measured pass.
    for (const pass of [0, 1]) {
      for (const name of names) {
        const { transcript } = await readLibraryMeeting(name);
        const t0 = performance.now();
        const computed = computeAll(transcript);
        const t1 = performance.now();
        await index.indexMeeting(
          searchableMeeting({ meetingId: name, owner: "bench", transcript, computed }),
        );
        const t2 = performance.now();
        if (pass === 0) continue;
        computedMs += t1 - t0;
        indexMs += t2 - t1;
        segments += transcript.segments.length;
        ratios.push((t2 - t1) / (t1 - t0));
      }
    }
    return {
      meetings: names.length,
      segments,
      computedMs: round(computedMs),
      indexMs: round(indexMs),
      /** What indexing adds to the computed analyses, over all 35 meetings. */
      addedRatio: round(indexMs / computedMs, 3),
      medianMeetingRatio: round(quantile(ratios, 0.5), 3),
      worstMeetingRatio: round(Math.max(...ratios), 3),
    };
  } finally {
    await db.close();
  }
}

// A vocabulary of common and rarer words, so queries hit lists of different lengths.
const WORDS = (
  "budget battery design remote control market price customer feature voice screen case rubber plastic " +
  "launch team project deadline schedule risk decision action meeting interface button colour fruit " +
  "kinetic solar energy research trend fashion user interview survey product manager engineer marketing " +
  "sales revenue cost profit quarter target goal strategy plan review feedback test prototype version " +
  "release bug issue quality support service contract vendor supplier material component chip signal " +
  "power speed weight size shape style brand logo slogan advert channel store online retail price point"
).split(" ");

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A generated meeting of about `turns` segments of 8-20 words, four speakers, a date. */
function generatedMeeting(n: number, turns: number): Transcript {
  const r = rng(n + 1);
  // Zipf-like: low word indexes far more often.
  const word = () => WORDS[Math.floor(WORDS.length * r() ** 2.2)]!;
  const speakers = ["Ann", "Bo", "Cy", `Guest ${n % 50}`];
  const segments = Array.from({ length: turns }, (_, i) => {
    const words = Array.from({ length: 8 + Math.floor(r() * 13) }, word);
    return {
      id: `seg-${i + 1}`,
      index: i,
      speaker: speakers[Math.floor(r() * speakers.length)]!,
      start: i * 6,
      text: `${words.join(" ")}.`,
    };
  });
  const day = new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  return { format: "text", title: `Weekly sync ${n}`, date: day, speakers, segments };
}

const QUERIES = [
  "battery",
  "budget review",
  "kinetic energy",
  "customer feedback on the prototype",
  "what did the vendor say about the contract",
  '"remote control"',
  "logo slogan",
  "release bug -quality",
  "market trend fashion",
  "supplier chip signal power",
];

/** Indexes `count` generated meetings (skipped when the library has them already), then times queries. */
async function queryLatency(db: SqlClient, count: number, queries: number) {
  const index: SearchIndex = createSqlSearchIndex(db);
  const turns = 500;
  const t0 = performance.now();
  for (let n = 0; n < count; n++) {
    const transcript = generatedMeeting(n, turns);
    // Topics and keywords as the prepare step computes them, cheaply: the meeting is one topic.
    await index.indexMeeting(
      searchableMeeting({
        meetingId: `m${n}`,
        owner: "bench",
        transcript,
        computed: { topics: [], keywords: [] },
      }),
    );
    if ((n + 1) % 100 === 0) console.error(`bench: search ${db.engine} indexed ${n + 1}/${count}`);
  }
  const indexSeconds = (performance.now() - t0) / 1000;
  await db.query("ANALYZE");
  const times: number[] = [];
  for (let i = 0; i < queries + 10; i++) {
    const q = QUERIES[i % QUERIES.length]!;
    const started = performance.now();
    await searchMeetings(index, { q, pageSize: 20 }, "bench");
    if (i >= 10) times.push(performance.now() - started);
  }
  return {
    meetings: count,
    segments: count * turns,
    indexSeconds: round(indexSeconds, 1),
    queries,
    p50Ms: round(quantile(times, 0.5), 1),
    p99Ms: round(quantile(times, 0.99), 1),
    maxMs: round(Math.max(...times), 1),
  };
}
