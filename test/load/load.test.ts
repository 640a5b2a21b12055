import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CALLS_PER_JOB,
  type Cluster,
  callCounts,
  healthBoundMs,
  hostLoopLag,
  loadPerCore,
  peakRssMb,
  redisMemory,
  sampleHealth,
  startCluster,
  submitJobs,
  waitForJobs,
  writeReport,
} from "./cluster";

/**
 * Load: jobs submitted over HTTP to the Redis-mode service, run by 2 worker processes against the
 * LLM test double answering after a delay. Every job must complete with each model call made
 * once, and health must stay answered in under 100 ms (p99) throughout (see healthBoundMs for a
 * machine other work oversubscribes). `npm test` runs a short
 * version; `npm run test:load` runs 500 jobs and writes the report for BENCHMARKS.md.
 */
const JOBS = Number(process.env.LOAD_JOBS ?? 8);
const DELAY_MS = 100;
/** Generous: the ideal is JOBS × CALLS_PER_JOB × DELAY_MS / (2 workers × 8). */
const BOUND_MS = 60_000 + JOBS * 600;

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ workers: 2, delayMs: DELAY_MS, env: { WORKER_CONCURRENCY: "8" } });
});
afterAll(() => cluster?.close());

describe(`${JOBS} jobs over HTTP, 2 worker processes, real Redis`, () => {
  it("completes every job, calls the model once per analyzer, and keeps health p99 under 100 ms", {
    timeout: BOUND_MS + 60_000,
  }, async () => {
    const idle = sampleHealth(cluster.http.url);
    await new Promise((r) => setTimeout(r, 1_500));
    const idleHealth = await idle.stop();
    const health = sampleHealth(cluster.http.url);
    const started = Date.now();
    const ids = await submitJobs(cluster.http.url, JOBS);
    const submittedMs = Date.now() - started;
    const finished = await waitForJobs(cluster.http.url, ids, BOUND_MS);
    const healthReport = await health.stop();
    const calls = callCounts(cluster.double, ids);
    const statuses = [...finished.values()].map((f) => f.status);
    const durations = [...finished.values()].map((f) => f.finishedAt - f.createdAt).sort((a, b) => a - b);
    const report = {
      jobs: JOBS,
      llmDelayMs: DELAY_MS,
      workers: 2,
      workerConcurrency: 8,
      submittedInMs: submittedMs,
      allFinishedInMs: Math.max(...[...finished.values()].map((f) => f.finishedAt)) - started,
      completed: statuses.filter((s) => s === "completed").length,
      notFinished: JOBS - finished.size,
      modelCalls: calls.calls,
      expectedModelCalls: JOBS * CALLS_PER_JOB,
      extraCalls: calls.extra,
      jobDurationMs: { p50: durations[Math.floor(durations.length / 2)], max: durations.at(-1) },
      health: healthReport,
      healthIdleSameRun: idleHealth,
      httpHostEventLoopLag: await hostLoopLag(cluster.http.url),
      loadAveragePerCore: loadPerCore(),
      peakRssMb: {
        http: await peakRssMb(cluster.http.child.pid),
        workers: await Promise.all(cluster.workers.map((w) => peakRssMb(w.child.pid))),
      },
      redis: await redisMemory(cluster.redis.url),
    };
    console.log(JSON.stringify(report, null, 2));
    await writeReport("load", {
      ...report,
      healthP99BoundMs: healthBoundMs(idleHealth, report.loadAveragePerCore),
      command: "npm run test:load",
    });

    expect(report.notFinished).toBe(0);
    expect(report.completed).toBe(JOBS);
    expect(calls.distinct).toBe(JOBS * CALLS_PER_JOB);
    expect(report.extraCalls).toBe(0);
    expect(healthReport.failures).toBe(0);
    // The bound is the named script's claim (500 jobs, a p99 over thousands of samples). The short
    // run's few seconds of samples make its p99 nearly their maximum, which a CI machine running
    // other suites beside it can push past the bound without the host stalling: there it only has
    // to stay within twice the bound, which a host running a job on its event loop still fails.
    const bound = healthBoundMs(idleHealth, report.loadAveragePerCore);
    expect(healthReport.p99Ms).toBeLessThan(process.env.LOAD_JOBS ? bound : 2 * bound);
  });
});
