import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type HostProcess, startHost } from "../helpers/host-process";
import { FIXTURES } from "../helpers/pipeline-harness";
import { testPostgresDatabase } from "../helpers/postgres-url";
import { type RedisServer, startRedisServer } from "../helpers/redis-server";
import { readSse } from "../helpers/sse";
import { failTimes } from "../llm-double/responders";
import { type LlmDouble, startLlmDouble } from "../llm-double/server";

/**
 * The scaled-out service: a real redis-server (AOF on), PostgreSQL, the HTTP host and a worker as
 * separate processes from the built bundles, the LLM test double. What a user of the API sees when Redis
 * restarts, when the model service fails in bursts, when a job is cancelled.
 */
let redis: RedisServer;
let double: LlmDouble;
let dir: string;
let app: HostProcess;
let worker: HostProcess;
let transcript: string;

beforeAll(async () => {
  redis = await startRedisServer();
  double = await startLlmDouble({ delayMs: 40 });
  dir = await mkdtemp(path.join(os.tmpdir(), "redis-mode-"));
  transcript = await readFile(path.join(FIXTURES, "ES2002a.txt"), "utf8");
  const env = {
    REDIS_URL: redis.url,
    DATABASE_URL: await testPostgresDatabase(),
    OPENAI_BASE_URL: double.baseURL,
    // The double listens on loopback, which would make it a local server (one call at a time); it
    // stands for a hosted service here.
    LLM_SERVER_KIND: "hosted",
    OUTPUT_DIR: path.join(dir, "output"),
    DATA_DIR: path.join(dir, "data"),
    SESSION_SECRET: "redis-mode-test-session-secret",
    RATE_LIMIT_PER_HOUR: "0",
    JOB_BACKOFF_MS: "200",
    JOB_ATTEMPTS: "3",
    WORKER_LOCK_MS: "2000",
    METRICS_PORT: "0",
  };
  app = await startHost("http", env);
  worker = await startHost("worker", env);
}, 60_000);
afterEach(() => double.reset());
afterAll(async () => {
  await worker?.stop();
  await app?.stop();
  await double?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

const SELECTED = {
  stageA: ["say-means", "spin"],
  stageB: ["first-principles"],
  final: ["executive-summary"],
};

async function submit(selected: object = SELECTED): Promise<string> {
  const res = await fetch(`${app.url}/api/analyze`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ transcriptText: transcript, fileName: "ES2002a.txt", selected }),
  });
  expect(res.status).toBe(202);
  return (await res.json()).jobId;
}

async function waitForEnd(jobId: string, timeoutMs = 40_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${app.url}/api/status/${jobId}`);
    if (res.ok) {
      const doc = await res.json();
      if (["completed", "error", "cancelled"].includes(doc.status)) return doc;
    }
    if (Date.now() > until) throw new Error(`job ${jobId} did not end in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("Redis mode: HTTP host + worker + Redis", () => {
  it("runs a job submitted over HTTP in the worker, with its events over SSE in order and replayed after a reconnect", async () => {
    expect(app.logs.join("\n")).toMatch(/Redis mode/);
    const jobId = await submit();
    const head = await readSse(`${app.url}/api/jobs/${jobId}/events`, {
      until: (r) => r.event === "analyzer.started",
    });
    const tail = await readSse(`${app.url}/api/jobs/${jobId}/events`, {
      headers: { "Last-Event-ID": head.at(-1)!.id },
    });
    const all = [...head, ...tail];
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect(all[0]!.event).toBe("job.queued");
    expect(all.at(-1)!.event).toBe("job.completed");
    const stages = all.filter((r) => r.event === "stage.completed").map((r) => JSON.parse(r.data).data.stage);
    expect(stages).toEqual(["A", "B", "final"]);
    const doc = await waitForEnd(jobId);
    expect(doc.status).toBe("completed");
    expect(doc.totals.calls).toBe(6);
    // Every analyzer ran exactly once; the insights twice: the first pass and the review.
    for (const id of [...SELECTED.stageA, ...SELECTED.stageB, ...SELECTED.final]) {
      expect(double.requests.filter((r) => r.analyzer === id)).toHaveLength(1);
    }
    expect(double.requests.filter((r) => r.analyzer === "insights")).toHaveLength(2);
    const ws = await new Promise<string[]>((resolve, reject) => {
      const socket = new WebSocket(`${app.url.replace("http", "ws")}/api/ws?jobId=${jobId}`);
      const seen: string[] = [];
      socket.on("message", (m) => seen.push(JSON.parse(String(m)).type));
      socket.on("close", () => resolve(seen));
      socket.on("error", reject);
    });
    expect(ws[0]).toBe("job.queued");
    expect(ws.at(-1)).toBe("job.completed");
  });

  it("completes a job across a Redis restart (AOF on), answering 503 with a clear error where Redis is needed", async () => {
    double.setResponder(async () => {
      await new Promise((r) => setTimeout(r, 400));
      return { text: "## slow answer [seg-1]" };
    });
    const jobId = await submit({ stageA: ["say-means", "soul"], final: ["meeting-notes"] });
    await new Promise((r) => setTimeout(r, 150));
    await redis.stop();
    // The job itself is in PostgreSQL: it is still served. What needs Redis (a new job) answers 503.
    const down = await fetch(`${app.url}/api/status/${jobId}`);
    expect(down.status).toBe(200);
    const refused = await fetch(`${app.url}/api/analyze`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ transcriptText: transcript, selected: { stageA: ["say-means"] } }),
    });
    expect(refused.status).toBe(503);
    expect((await refused.json()).error).toMatchObject({
      code: "store_unavailable",
      message: expect.stringMatching(/Redis/),
    });
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(503);
    expect((await health.json()).redis).toBe("down");
    await new Promise((r) => setTimeout(r, 500));
    await redis.restart();
    const doc = await waitForEnd(jobId);
    expect(doc.status).toBe("completed");
    expect(doc.stages.A.analyzers["say-means"].status).toBe("completed");
    expect(doc.stages.final.analyzers["meeting-notes"].status).toBe("completed");
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  });

  it("rides out a storm of 500s and of 429s with Retry-After from the model service", async () => {
    double.setResponder(
      failTimes(
        4,
        { status: 500, error: { message: "The server had an error", type: "server_error" } },
        failTimes(3, {
          status: 429,
          error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" },
          headers: { "retry-after": "1" },
        }),
      ),
    );
    const jobId = await submit({ stageA: ["say-means", "spin"] });
    const doc = await waitForEnd(jobId);
    expect(doc.status).toBe("completed");
    expect(doc.stages.A.analyzers["say-means"].status).toBe("completed");
    expect(doc.stages.A.analyzers.spin.status).toBe("completed");
    // 4 × 500 and 3 × 429 answered, then one successful call each for say-means, spin and insights.
    expect(double.requests).toHaveLength(7 + 3);
  });

  it("cancels a running job: queued work is removed and no later stage calls the model", async () => {
    double.setResponder(async () => {
      await new Promise((r) => setTimeout(r, 600));
      return { text: "## ok" };
    });
    const jobId = await submit();
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${app.url}/api/jobs/${jobId}/cancel`, { method: "POST" });
    expect(res.status).toBe(200);
    const doc = await waitForEnd(jobId);
    expect(doc.status).toBe("cancelled");
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      double.requests.some((r) => r.analyzer === "first-principles" || r.analyzer === "executive-summary"),
    ).toBe(false);
    expect((await (await fetch(`${app.url}/api/status/${jobId}`)).json()).status).toBe("cancelled");
  });

  it("serves history, results and exports from PostgreSQL after Redis loses everything (FLUSHALL)", async () => {
    const jobId = await submit({ stageA: ["say-means"], stageB: [], final: ["meeting-notes"] });
    expect((await waitForEnd(jobId)).status).toBe("completed");
    const read = async () => ({
      history: (await (await fetch(`${app.url}/api/jobs`)).json()).jobs.map(
        (j: { jobId: string }) => j.jobId,
      ),
      results: await (await fetch(`${app.url}/api/results/${jobId}`)).text(),
      md: await (await fetch(`${app.url}/api/jobs/${jobId}/export?format=md`)).text(),
      zip: Buffer.from(await (await fetch(`${app.url}/api/jobs/${jobId}/export?format=zip`)).arrayBuffer()),
      file: await fetch(`${app.url}/api/job-file?jobId=${jobId}&path=final/meeting-notes.md`),
    });
    const before = await read();
    const redisClient = new Redis(redis.url);
    await redisClient.flushall();
    redisClient.disconnect();
    const after = await read();
    expect(after.history).toContain(jobId);
    expect(after.history).toEqual(before.history);
    expect(after.results).toBe(before.results);
    expect(after.md).toBe(before.md);
    expect(after.zip.equals(before.zip)).toBe(true);
    expect(after.file.status).toBe(200);
    expect(await after.file.text()).toContain("meeting-notes");
    // Its event stream went with Redis: a late subscriber is told the job has ended, at once.
    const events = await readSse(`${app.url}/api/jobs/${jobId}/events`);
    expect(events).toEqual([]);
  });
});
