import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { type HostProcess, startHost } from "../helpers/host-process";
import { ROOT } from "../helpers/pipeline-harness";
import { testPostgresDatabase } from "../helpers/postgres-url";
import { type RedisServer, startRedisServer } from "../helpers/redis-server";
import { type LlmDouble, startLlmDouble } from "../llm-double/server";
import type { Responder } from "../llm-double/types";

/**
 * The Redis-mode service on loopback for the load and chaos suites: a redis-server (AOF on), a
 * database on the test run's PostgreSQL server, the built HTTP host, worker processes and the LLM
 * test double, all stopped by `close`. Nothing here
 * leaves this machine.
 */
export interface Cluster {
  redis: RedisServer;
  double: LlmDouble;
  http: HostProcess;
  workers: HostProcess[];
  env: Record<string, string>;
  /** Kills worker `i` (SIGKILL) and starts a fresh one in its place. */
  replaceWorker(i: number): Promise<void>;
  close(): Promise<void>;
}

export async function startCluster(options: {
  workers: number;
  delayMs: number;
  env?: Record<string, string>;
  responder?: Responder;
}): Promise<Cluster> {
  const redis = await startRedisServer({ appendonly: true });
  const double = await startLlmDouble({
    delayMs: options.delayMs,
    ...(options.responder ? { responder: options.responder } : {}),
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), "load-"));
  const env = {
    REDIS_URL: redis.url,
    OPENAI_BASE_URL: double.baseURL,
    // The double listens on loopback, which would make it a local server (one call at a time); it
    // stands for a hosted service here.
    LLM_SERVER_KIND: "hosted",
    OUTPUT_DIR: path.join(dir, "output"),
    DATA_DIR: path.join(dir, "data"),
    // The system of record: a database of its own on the run's PostgreSQL server.
    DATABASE_URL: await testPostgresDatabase(),
    SESSION_SECRET: "load-suite-session-secret-0123456789",
    RATE_LIMIT_PER_HOUR: "0",
    METRICS_PORT: "0",
    LOG_LEVEL: "warn",
    ...options.env,
  };
  // The hosts say they are ready at info level; after that, warnings only.
  const http = await startHost("http", { ...env, LOG_LEVEL: "info" });
  const workers = await Promise.all(
    Array.from({ length: options.workers }, () => startHost("worker", { ...env, LOG_LEVEL: "info" })),
  );
  return {
    redis,
    double,
    http,
    workers,
    env,
    async replaceWorker(i) {
      await workers[i]!.kill();
      workers[i] = await startHost("worker", { ...env, LOG_LEVEL: "info" });
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await http.stop();
      await double.close();
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const SELECTED = { stageA: ["say-means", "soul"], stageB: [], final: ["meeting-notes"] };
/**
 * Model calls a job of SELECTED makes when nothing fails: two in Stage A, one final, and two of
 * insights (its first pass beside Stage A, its review beside the final stage; one prompt, so the
 * double sees the analyzer "insights" twice).
 */
export const CALLS_PER_JOB = 5;
/** Calls one analyzer of a job makes when nothing fails, where it is more than one. */
const CALLS_OF: Record<string, number> = { insights: 2 };

export async function transcriptText(): Promise<string> {
  return readFile(path.join(ROOT, "test", "fixtures", "meetings", "ES2002a.txt"), "utf8");
}

/** Submits `n` jobs over HTTP, `parallel` at a time; answers their ids. */
export async function submitJobs(url: string, n: number, parallel = 8): Promise<string[]> {
  const body = JSON.stringify({ transcriptText: await transcriptText(), selected: SELECTED });
  const ids: string[] = [];
  let next = 0;
  const client = async () => {
    while (next < n) {
      next++;
      const res = await fetch(`${url}/api/analyze`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      if (res.status !== 202)
        throw new Error(`POST /api/analyze answered ${res.status}: ${await res.text()}`);
      ids.push(((await res.json()) as { jobId: string }).jobId);
    }
  };
  await Promise.all(Array.from({ length: parallel }, client));
  return ids;
}

export interface Finished {
  status: string;
  createdAt: number;
  finishedAt: number;
  errors: Array<{ analyzer?: string; code: string }>;
  analyzers: Record<string, { status: string; error?: { code: string } }>;
}

/**
 * Polls the jobs' status documents until every one has ended or `boundMs` passed; a Redis
 * restart's 503s are waited out. At most 25 jobs a round, oldest first, so the polling does not
 * load the host it measures. Answers what each job ended as (missing ones did not end).
 */
export async function waitForJobs(
  url: string,
  ids: string[],
  boundMs: number,
): Promise<Map<string, Finished>> {
  const done = new Map<string, Finished>();
  const deadline = Date.now() + boundMs;
  while (done.size < ids.length && Date.now() < deadline) {
    for (const id of ids.filter((i) => !done.has(i)).slice(0, 25)) {
      const res = await fetch(`${url}/api/status/${id}`).catch(() => undefined);
      if (res?.status !== 200) continue;
      const doc = (await res.json()) as {
        status: string;
        createdAt: string;
        finishedAt?: string;
        errors: Finished["errors"];
        stages: Record<string, { analyzers?: Finished["analyzers"] } | Finished["analyzers"][string]>;
      };
      if (!["completed", "error", "cancelled"].includes(doc.status)) continue;
      const analyzers: Finished["analyzers"] = {};
      for (const stage of ["A", "B", "final"] as const) {
        const s = doc.stages[stage] as { analyzers?: Finished["analyzers"] };
        for (const [id, a] of Object.entries(s?.analyzers ?? {})) analyzers[`${stage}.${id}`] = a;
      }
      analyzers.insights = doc.stages.insights as Finished["analyzers"][string];
      done.set(id, {
        status: doc.status,
        createdAt: Date.parse(doc.createdAt),
        finishedAt: Date.parse(doc.finishedAt ?? doc.createdAt),
        errors: doc.errors,
        analyzers,
      });
    }
    if (done.size < ids.length) await new Promise((r) => setTimeout(r, 500));
  }
  return done;
}

/** GET /api/health every `everyMs` until stopped; its latencies, and any answer that was not 200. */
export function sampleHealth(url: string, everyMs = 50) {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      const res = await fetch(`${url}/api/health`).catch(() => undefined);
      await res?.arrayBuffer();
      latencies.push(performance.now() - t);
      if (res?.status !== 200) failures++;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) =>
        round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
      return {
        samples: sorted.length,
        failures,
        p50Ms: at(0.5),
        p99Ms: at(0.99),
        maxMs: round(sorted.at(-1) ?? 0),
      };
    },
  };
}

/** The HTTP host's own event-loop delay since it started, from its /metrics (prom-client's defaults). */
export async function hostLoopLag(url: string) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name} ([0-9.e+-]+)$`, "m").exec(text)?.[1] ?? Number.NaN);
  return {
    p50Ms: round(value("nodejs_eventloop_lag_p50_seconds") * 1000),
    p99Ms: round(value("nodejs_eventloop_lag_p99_seconds") * 1000),
    maxMs: round(value("nodejs_eventloop_lag_max_seconds") * 1000),
  };
}

/** Load average per core over the last minute: above 1, other work was waiting for the CPU too. */
export const loadPerCore = () => round(os.loadavg()[0]! / os.cpus().length, 2);

/**
 * The bound health must keep while jobs run: p99 under 100 ms. On a machine whose CPUs other work
 * already oversubscribes (load average above one per core), no process can promise that, so the
 * bound there is the same run's idle p99 times five (and never under 100 ms): a host that stalls,
 * as one running a job on its event loop does, still fails it.
 */
export function healthBoundMs(idle: { p99Ms: number }, perCore: number): number {
  return perCore <= 1 ? 100 : Math.max(100, 5 * idle.p99Ms);
}

/** A process's peak resident memory (VmHWM), in MB; null where /proc is not there. */
export async function peakRssMb(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? round(Number(kb) / 1024) : null;
}

export async function redisMemory(url: string) {
  const redis = new Redis(url);
  try {
    const info = await redis.info("memory");
    const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, "m").exec(info)?.[1] ?? 0);
    return {
      usedMemoryMb: round(field("used_memory") / 2 ** 20),
      usedMemoryPeakMb: round(field("used_memory_peak") / 2 ** 20),
    };
  } finally {
    redis.disconnect();
  }
}

/** Model calls per (job, analyzer) as the double saw them, for `jobIds`; `extra` is every call past those expected. */
export function callCounts(double: LlmDouble, jobIds: readonly string[]) {
  const per = new Map<string, number>();
  const mine = new Set(jobIds.map((id) => `job-${id}`));
  for (const r of double.requests) {
    if (!mine.has(r.cacheKey ?? "")) continue;
    const key = `${r.cacheKey ?? "?"}|${r.analyzer ?? "?"}`;
    per.set(key, (per.get(key) ?? 0) + 1);
  }
  const expectedOf = (key: string) => CALLS_OF[key.split("|")[1] ?? ""] ?? 1;
  const extra = [...per].reduce((n, [key, c]) => n + Math.max(0, c - expectedOf(key)), 0);
  const calls = [...per.values()].reduce((n, c) => n + c, 0);
  // Calls that were expected and made: a missing review counts as missing.
  const distinct = [...per].reduce((n, [key, c]) => n + Math.min(c, expectedOf(key)), 0);
  return { calls, distinct, extra, per };
}

/** Writes a suite's report where `npm run bench` turns it into BENCHMARKS.md. */
export async function writeReport(name: string, report: unknown): Promise<void> {
  const file = process.env.SUITE_REPORT_DIR;
  if (!file) return;
  await mkdir(file, { recursive: true });
  await writeFile(
    path.join(file, `${name}.json`),
    `${JSON.stringify({ ranAt: new Date().toISOString(), machine: machine(), ...(report as object) }, null, 2)}\n`,
  );
}

export const machine = () => ({
  node: process.version,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  memGiB: Math.round(os.totalmem() / 2 ** 30),
});

export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
