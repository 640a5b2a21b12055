/**
 * Service benchmarks: POST /api/analyze against a plain Hono route on the same host; 20 jobs
 * through 2 worker processes against the ideal the LLM concurrency allows; bundle sizes; each HTTP
 * function's cold import time.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { isFinished } from "../core/jobs/job";
import { httpFunctions } from "../functions/manifest";
import { startHost } from "../test/helpers/host-process";
import { FIXTURES, ROOT } from "../test/helpers/pipeline-harness";
import { startPostgresServer } from "../test/helpers/postgres-server";
import { startRedisServer } from "../test/helpers/redis-server";
import { load } from "./load";
import { startDoubleProcess, startTsxService } from "./tsx-service";

const run = promisify(execFile);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** POST /api/analyze (parse, computed analyses, store, enqueue) beside GET /bench/hello, same server, same run. */
export async function runHttpBench() {
  const redis = await startRedisServer();
  const postgres = await startPostgresServer();
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-http-"));
  const host = await startTsxService("bench/bench-host.ts", [], /on (http:\/\/127\.0\.0\.1:\d+)/, {
    PATH: process.env.PATH ?? "",
    REDIS_URL: redis.url,
    DATABASE_URL: await postgres.createDatabase(),
    OUTPUT_DIR: dir,
    DATA_DIR: dir,
    RATE_LIMIT_PER_HOUR: "0",
    SESSION_SECRET: "bench-session-secret-0123456789",
    LOG_LEVEL: "warn",
  });
  try {
    const base = host.url;
    const transcript = await readFile(path.join(FIXTURES, "ES2002a.txt"), "utf8");
    const body = JSON.stringify({ transcriptText: transcript, selected: { stageA: ["say-means"] } });
    const analyze = () => ({ method: "POST", headers: { "content-type": "application/json" }, body });
    const hello = () => ({ method: "GET" });
    // A warm-up of each, then the measured runs one after the other.
    await load(`${base}/bench/hello`, hello, { connections: 8, requests: 500, expectStatus: 200 });
    await load(`${base}/api/analyze`, analyze, { connections: 8, requests: 50, expectStatus: 202 });
    const helloRun = await load(`${base}/bench/hello`, hello, {
      connections: 16,
      requests: 5000,
      expectStatus: 200,
    });
    const analyzeRun = await load(`${base}/api/analyze`, analyze, {
      connections: 16,
      requests: 600,
      expectStatus: 202,
    });
    return {
      transcript:
        "ES2002a.txt pasted (20 KB, 287 turns) with one Stage A analyzer; Redis mode, no worker running",
      connections: 16,
      hello: helloRun,
      analyze: analyzeRun,
      analyzeThroughputShareOfHello: round(analyzeRun.perSecond / helloRun.perSecond, 3),
      analyzeP50OverHello: round(analyzeRun.p50Ms / helloRun.p50Ms, 1),
    };
  } finally {
    await host.stop();
    await redis.stop();
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * 20 jobs submitted at once, run by 2 worker processes with the LLM test double answering every
 * call after a fixed delay. The ideal: every call of every job, spread over the concurrency the
 * workers allow, or one job's critical path when that is longer.
 */
export async function runQueueBench(
  options: { jobs?: number; delayMs?: number; workerConcurrency?: number } = {},
) {
  const jobs = options.jobs ?? 20;
  const delayMs = options.delayMs ?? 300;
  const perWorker = options.workerConcurrency ?? 4;
  const workers = 2;
  const selected = {
    stageA: ["say-means", "soul", "spin"],
    stageB: ["first-principles", "determining-factors"],
    final: ["meeting-notes", "executive-summary"],
  };
  const callsPerJob = 3 + 2 + 2 + 1;
  const redis = await startRedisServer();
  const postgres = await startPostgresServer();
  const double = await startDoubleProcess(delayMs);
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-queue-"));
  const env = {
    REDIS_URL: redis.url,
    DATABASE_URL: await postgres.createDatabase(),
    OPENAI_BASE_URL: double.baseURL,
    OPENAI_MODEL: "gpt-5-nano",
    OUTPUT_DIR: dir,
    DATA_DIR: dir,
    SESSION_SECRET: "bench-session-secret-0123456789",
    RATE_LIMIT_PER_HOUR: "0",
    WORKER_CONCURRENCY: String(perWorker),
    LOG_LEVEL: "warn",
  };
  const http = await startHost("http", { ...env, LOG_LEVEL: "info" });
  const ws = await Promise.all(
    Array.from({ length: workers }, () => startHost("worker", { ...env, LOG_LEVEL: "info" })),
  );
  try {
    const transcript = await readFile(path.join(FIXTURES, "ES2002a.txt"), "utf8");
    const started = Date.now();
    const ids = await Promise.all(
      Array.from({ length: jobs }, async () => {
        const res = await fetch(`${http.url}/api/analyze`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ transcriptText: transcript, selected }),
        });
        if (res.status !== 202) throw new Error(`analyze answered ${res.status}: ${await res.text()}`);
        return (await res.json()).jobId as string;
      }),
    );
    // Polled slowly so the measuring does not load the machine; the end time is each job's own finishedAt.
    const finished = new Map<string, { status: string; finishedAt: number }>();
    while (finished.size < jobs) {
      await new Promise((r) => setTimeout(r, 500));
      for (const id of ids.filter((i) => !finished.has(i))) {
        const doc = await (await fetch(`${http.url}/api/status/${id}`)).json();
        if (isFinished(doc.status)) {
          finished.set(id, { status: doc.status, finishedAt: Date.parse(doc.finishedAt) });
        }
      }
      if (Date.now() - started > 180_000) throw new Error("jobs did not finish in 3 minutes");
    }
    const statuses = new Map([...finished].map(([id, f]) => [id, f.status]));
    const totalMs = Math.max(...[...finished.values()].map((f) => f.finishedAt)) - started;
    const concurrency = workers * perWorker;
    const ideal = Math.max(4 * delayMs, Math.ceil((jobs * callsPerJob) / concurrency) * delayMs);
    return {
      jobs,
      callsPerJob,
      workers,
      llmConcurrency: concurrency,
      llmDelayMs: delayMs,
      idealMs: ideal,
      totalMs: Math.round(totalMs),
      ratioToIdeal: round(totalMs / ideal, 3),
      target: "< 1.2",
      completed: [...statuses.values()].filter((s) => s === "completed").length,
    };
  } finally {
    await Promise.all(ws.map((w) => w.stop()));
    await http.stop();
    await double.stop();
    await redis.stop();
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The built bundles' sizes, and how long a fresh Node process takes to import each HTTP function. */
export async function runBundleBench(runs = 5) {
  const sizes = JSON.parse(await readFile(path.join(ROOT, "dist", "sizes.json"), "utf8")) as Record<
    string,
    number
  >;
  const timeImport = async (file: string | null) => {
    const code = file
      ? `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`
      : "const t = performance.now(); console.log(performance.now() - t);";
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code], { cwd: ROOT });
      times.push(Number(stdout.trim()));
    }
    return round(median(times), 1);
  };
  const coldImportMs: Record<string, number> = {};
  for (const spec of httpFunctions) {
    coldImportMs[spec.name] = await timeImport(path.join(ROOT, "dist", "functions", spec.name, "index.mjs"));
  }
  return {
    sizesKiB: Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, round(v / 1024, 1)])),
    note: "our own code per bundle; npm packages are loaded from node_modules (the Lambda bundles include them)",
    coldImportMs,
    coldImportNote: `median of ${runs} fresh node processes, import() of the bundle and the packages it loads`,
  };
}
