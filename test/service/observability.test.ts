import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPgliteDir } from "../helpers/databases";
import { type HostProcess, startHost } from "../helpers/host-process";
import { FIXTURES } from "../helpers/pipeline-harness";
import { testPostgresDatabase } from "../helpers/postgres-url";
import { freePort, type RedisServer, startRedisServer } from "../helpers/redis-server";
import { type LlmDouble, startLlmDouble } from "../llm-double/server";

/**
 * What an operator sees of a running host, from the built bundle: Prometheus metrics that move as
 * a job runs, one request log line per request, and no transcript text or token in any log line.
 */
let double: LlmDouble;
let dir: string;
const hosts: HostProcess[] = [];
beforeAll(async () => {
  double = await startLlmDouble({ delayMs: 20 });
  dir = await mkdtemp(path.join(os.tmpdir(), "observability-"));
});
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await double?.close();
  await rm(dir, { recursive: true, force: true });
});

async function host(kind: "http" | "worker", env: Record<string, string> = {}) {
  const dataDir = path.join(dir, `data-${hosts.length}`);
  if (!env.DATABASE_URL) await seedPgliteDir(path.join(dataDir, "db"));
  const h = await startHost(kind, {
    OUTPUT_DIR: path.join(dir, "out"),
    DATA_DIR: dataDir,
    OPENAI_BASE_URL: double.baseURL,
    // The double listens on loopback, which would make it a local server (one call at a time); it
    // stands for a hosted service here.
    LLM_SERVER_KIND: "hosted",
    SESSION_SECRET: "observability-test-session-secret",
    RATE_LIMIT_PER_HOUR: "0",
    ...env,
  });
  hosts.push(h);
  return h;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

async function waitForStatus(url: string, jobId: string, headers: Record<string, string> = {}) {
  for (let i = 0; i < 200; i++) {
    const doc = await (await fetch(`${url}/api/status/${jobId}`, { headers })).json();
    if (["completed", "error", "cancelled"].includes(doc.status)) return doc;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}

/** One sample's value from Prometheus text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const SECRET_MARK = "ZEBRA-CONFIDENTIAL-7731";
const SELECTED = { stageA: ["say-means", "soul"], stageB: [], final: ["meeting-notes"] };

describe("HTTP host in embedded mode", () => {
  let h: HostProcess;
  beforeAll(async () => {
    h = await host("http");
  });

  it("counts the job, times each analyzer and the request by route, and counts tokens and cost by model", async () => {
    const transcript = `${await readFile(path.join(FIXTURES, "IS1000a.txt"), "utf8")}\nAlice: the code word is ${SECRET_MARK}.\n`;
    const start = await post(`${h.url}/api/analyze`, { transcriptText: transcript, selected: SELECTED });
    expect(start.status).toBe(202);
    const { jobId } = await start.json();
    expect((await waitForStatus(h.url, jobId)).status).toBe("completed");
    await fetch(`${h.url}/api/status/${jobId}?token=${SECRET_MARK}`);

    const res = await fetch(`${h.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'transcript_jobs_total{status="queued"}')).toBe(1);
    expect(sample(text, 'transcript_jobs_total{status="completed"}')).toBe(1);
    for (const [stage, analyzer] of [
      ["A", "say-means"],
      ["A", "soul"],
      ["final", "meeting-notes"],
    ]) {
      const series = `transcript_analyzer_duration_seconds_count{stage="${stage}",analyzer="${analyzer}",model="gpt-5-nano",status="completed"}`;
      expect(sample(text, series), series).toBe(1);
    }
    expect(sample(text, 'transcript_llm_tokens_total{model="gpt-5-nano",kind="input"}')).toBeGreaterThan(
      1000,
    );
    expect(sample(text, 'transcript_llm_cost_usd_total{model="gpt-5-nano"}')).toBeGreaterThan(0);
    expect(
      sample(
        text,
        'transcript_http_request_duration_seconds_count{route="/api/analyze",method="POST",status="202"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'transcript_http_request_duration_seconds_count{route="/api/status/:jobId",method="GET",status="200"}',
      ),
    ).toBeGreaterThan(0);
    expect(sample(text, 'transcript_queue_depth{queue="embedded",state="waiting"}')).toBe(0);
    expect(text).toContain("process_resident_memory_bytes");
    expect(text).not.toContain(jobId);
    expect(text).not.toContain(SECRET_MARK);
  });

  it("logs one line per request with its request id, and never the transcript or the query", async () => {
    const res = await fetch(`${h.url}/api/health`, { headers: { "x-request-id": "op-trace-42" } });
    expect(res.headers.get("x-request-id")).toBe("op-trace-42");
    // The line reaches us through the child's stdout a moment after the answer does.
    const logged = () =>
      h.logs
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === "request" && l.requestId === "op-trace-42");
    for (let i = 0; i < 100 && logged().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(logged()).toEqual([
      expect.objectContaining({
        level: "info",
        method: "GET",
        route: "/api/health",
        status: 200,
        ms: expect.any(Number),
      }),
    ]);
    expect(h.logs.join("\n")).not.toContain(SECRET_MARK);
  });

  it("has no queue dashboard without Redis", async () => {
    expect((await fetch(`${h.url}/admin/queues`)).status).toBe(404);
  });
});

describe("Redis mode: HTTP host and a worker", () => {
  const TOKEN = "observability-token-1";
  const auth = { authorization: `Bearer ${TOKEN}` };
  let redis: RedisServer;
  let app: HostProcess;
  let worker: HostProcess;
  let workerMetrics: string;
  beforeAll(async () => {
    redis = await startRedisServer({ appendonly: false });
    const metricsPort = await freePort();
    workerMetrics = `http://127.0.0.1:${metricsPort}`;
    const DATABASE_URL = await testPostgresDatabase();
    app = await host("http", {
      REDIS_URL: redis.url,
      DATABASE_URL,
      API_TOKENS: TOKEN,
      // The queue board shows every owner's tasks: an operator's (issue 10).
      ADMIN_TOKENS: TOKEN,
      HOST: "127.0.0.1",
    });
    worker = await host("worker", { REDIS_URL: redis.url, DATABASE_URL, METRICS_PORT: String(metricsPort) });
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), worker?.stop()]);
    await redis?.stop();
  });

  it("counts the job where it was queued (app) and where it ran (worker), and the worker serves only GET /metrics", async () => {
    const start = await post(
      `${app.url}/api/analyze`,
      { transcriptText: SECRET_MARK, selected: SELECTED },
      auth,
    );
    expect(start.status).toBe(202);
    const { jobId } = await start.json();
    expect((await waitForStatus(app.url, jobId, auth)).status).toBe("completed");

    // The job's status says completed while its finalize task is still being acknowledged: wait for an idle queue.
    let fromApp = await (await fetch(`${app.url}/metrics`)).text();
    for (
      let i = 0;
      i < 100 && sample(fromApp, 'transcript_queue_depth{queue="control",state="active"}') !== 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20));
      fromApp = await (await fetch(`${app.url}/metrics`)).text();
    }
    expect(sample(fromApp, 'transcript_jobs_total{status="queued"}')).toBe(1);
    for (const queue of ["llm", "control"]) {
      for (const state of ["waiting", "active", "delayed"]) {
        expect(sample(fromApp, `transcript_queue_depth{queue="${queue}",state="${state}"}`)).toBe(0);
      }
    }

    const res = await fetch(`${workerMetrics}/metrics`);
    expect(res.status).toBe(200);
    const fromWorker = await res.text();
    expect(sample(fromWorker, 'transcript_jobs_total{status="completed"}')).toBe(1);
    expect(
      sample(
        fromWorker,
        'transcript_analyzer_duration_seconds_count{stage="A",analyzer="soul",model="gpt-5-nano",status="completed"}',
      ),
    ).toBe(1);
    expect(
      sample(fromWorker, 'transcript_llm_tokens_total{model="gpt-5-nano",kind="output"}'),
    ).toBeGreaterThan(0);
    expect((await fetch(`${workerMetrics}/`)).status).toBe(404);
    expect((await fetch(`${workerMetrics}/api/health`)).status).toBe(404);

    const started = worker.logs.filter((l) => l.includes('"task started"')).map((l) => JSON.parse(l));
    expect(started.length).toBeGreaterThan(0);
    for (const line of started) expect(line.jobId).toBe(jobId);
    expect([...app.logs, ...worker.logs].join("\n")).not.toContain(SECRET_MARK);
  });

  it("serves the queue dashboard at /admin/queues to an operator token only", async () => {
    const denied = await fetch(`${app.url}/admin/queues/api/queues`);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    const res = await fetch(`${app.url}/admin/queues/api/queues`, { headers: auth });
    expect(res.status).toBe(200);
    const { queues } = (await res.json()) as { queues: Array<{ name: string }> };
    expect(queues.map((q) => q.name).sort()).toEqual(["control", "llm"]);
    const page = await fetch(`${app.url}/admin/queues`, { headers: auth });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<base href="/admin/queues/"');
  });
});
