/**
 * Health while embedded mode works: the HTTP host running its own queue (no Redis, no model) is
 * given three analyses of one huge single-speaker line at once, the case that once held
 * `/api/health` for a minute, and health is asked every few milliseconds until they have ended.
 * Beside it, in the same run on the same host, health asked while nothing runs. The goal is
 * p99 under 100 ms while any job runs.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fixtureWords } from "../core/computed/fixtures.test-helper";
import { isFinished } from "../core/jobs/job";
import { startHost } from "../test/helpers/host-process";
import { sampleHealth } from "../test/load/cluster";

const JOBS = 3;
/** Under the default upload limit (10 MiB), as a user's biggest paste would be. */
const TRANSCRIPT_BYTES = 9 * 1024 * 1024;
const EVERY_MS = 20;
/** Health asked while nothing runs, for as long: about 150 answers. */
const IDLE_MS = 3_500;
const round = (x: number) => Math.round(x * 10) / 10;

/** One speaker, one line of the fixtures' own words run together, about `bytes` long. */
function hugeLine(bytes: number): string {
  const words = fixtureWords();
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const w = words[i % words.length]!;
    out.push(w);
    length += w.length + 1;
  }
  return `Alice: ${out.join(" ")}\n`;
}

/** A poll whose kept-alive connection the host closed meanwhile is made again, once. */
async function fetchAgain(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch {
    return fetch(url);
  }
}

export async function runEmbeddedHealthBench() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-embedded-health-"));
  const host = await startHost(
    "http",
    {
      OUTPUT_DIR: dir,
      DATA_DIR: dir,
      SESSION_SECRET: "bench-session-secret-0123456789",
      RATE_LIMIT_PER_HOUR: "0",
      LOG_LEVEL: "info",
    },
    60_000,
    process.env.BENCH_HOST_NODE_ARGS?.split(" ").filter(Boolean),
  );
  try {
    const idleSampling = sampleHealth(host.url, EVERY_MS);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idle = await idleSampling.stop();
    const text = hugeLine(TRANSCRIPT_BYTES);
    const started = performance.now();
    const sampling = sampleHealth(host.url, EVERY_MS);
    const durations = await Promise.all(
      Array.from({ length: JOBS }, async () => {
        const res = await fetch(`${host.url}/api/analyze`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ transcriptText: text }),
        });
        if (res.status !== 202) throw new Error(`analyze answered ${res.status}: ${await res.text()}`);
        const { jobId } = (await res.json()) as { jobId: string };
        for (const until = Date.now() + 180_000; Date.now() < until; ) {
          await new Promise((r) => setTimeout(r, 200));
          const doc = (await (await fetchAgain(`${host.url}/api/status/${jobId}`)).json()) as {
            status: string;
          };
          if (isFinished(doc.status as never)) {
            if (doc.status !== "completed") throw new Error(`job ${jobId} ended ${doc.status}`);
            return Math.round(performance.now() - started);
          }
        }
        throw new Error(`job ${jobId} did not end in 3 minutes`);
      }),
    );
    const busy = await sampling.stop();
    return {
      setup: `embedded mode (HTTP host with its own queue, PGlite, no model), ${JOBS} analyses at once of one single-speaker line of ${Math.round(text.length / 1024 / 1024)} MiB`,
      jobsFinishedAfterMs: durations,
      healthWhileJobsRun: busy,
      healthIdleSameRun: idle,
      p99RatioToIdle: round(busy.p99Ms / Math.max(idle.p99Ms, 0.1)),
      target: "p99 under 100 ms while any job runs",
    };
  } catch (e) {
    throw new Error(`${(e as Error).message}; the host said: ${host.logs.slice(-8).join("\n")}`, {
      cause: e,
    });
  } finally {
    await host.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
