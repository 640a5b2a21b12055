import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPostgresDatabase } from "../helpers/databases";
import { type HostProcess, startHost } from "../helpers/host-process";
import { type PostgresServer, startPostgresServer } from "../helpers/postgres-server";
import { testPostgresDatabase } from "../helpers/postgres-url";
import { type RedisServer, startRedisServer } from "../helpers/redis-server";
import { type LlmDouble, startLlmDouble } from "../llm-double";

/**
 * PostgreSQL as the one system of record of a scaled-out deployment: replicas of the app and the
 * workers share prompts and jobs through it; and its absence at start is told, answered with 503
 * and recovered from without a restart.
 */
let double: LlmDouble;
let dir: string;
const hosts: HostProcess[] = [];
beforeAll(async () => {
  double = await startLlmDouble();
  dir = await mkdtemp(path.join(os.tmpdir(), "shared-db-"));
});
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await double?.close();
  await rm(dir, { recursive: true, force: true });
});

async function host(kind: "http" | "worker", env: Record<string, string>) {
  const h = await startHost(kind, {
    OUTPUT_DIR: path.join(dir, `out-${hosts.length}`),
    DATA_DIR: path.join(dir, `data-${hosts.length}`),
    OPENAI_BASE_URL: double.baseURL,
    // The double listens on loopback, which would make it a local server (one call at a time); it
    // stands for a hosted service here.
    LLM_SERVER_KIND: "hosted",
    SESSION_SECRET: "shared-db-test-session-secret",
    RATE_LIMIT_PER_HOUR: "0",
    METRICS_PORT: "0",
    ...env,
  });
  hosts.push(h);
  return h;
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("two app replicas and two workers on one PostgreSQL", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer({ appendonly: false });
  });
  // Its hosts first: a worker told to stop waits for Redis to hand back its tasks.
  afterAll(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
    await redis?.stop();
  });

  it("use a prompt edited through one replica for a job submitted through the other", {
    timeout: 120_000,
  }, async () => {
    const env = { REDIS_URL: redis.url, DATABASE_URL: await testPostgresDatabase() };
    const [one, two] = await Promise.all([host("http", env), host("http", env)]);
    await Promise.all([host("worker", env), host("worker", env)]);

    const { text } = await (await fetch(`${one!.url}/api/prompt-template?id=say-means`)).json();
    const marker = "Edited through replica one: quote the speaker's exact words.";
    const saved = await post(`${one!.url}/api/prompts`, {
      id: "say-means",
      text: `${text.trimEnd()}\n\n${marker}\n`,
    });
    expect(saved.status).toBe(200);

    const res = await post(`${two!.url}/api/analyze`, {
      transcriptText: "Title: Replicas\n\nAlice: I'll send the report by Friday.\nBob: Fine, thanks.\n",
      selected: { stageA: ["say-means"], stageB: [], final: [] },
    });
    expect(res.status).toBe(202);
    const { jobId } = await res.json();
    const deadline = Date.now() + 60_000;
    let doc: { status: string } = { status: "queued" };
    while (!["completed", "error"].includes(doc.status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      // Asked of the other replica: the job is in the database they share.
      doc = await (await fetch(`${one!.url}/api/status/${jobId}`)).json();
    }
    expect(doc.status).toBe("completed");
    const calls = double.requests.filter((r) => r.analyzer === "say-means");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.messages.map((m) => m.content).join("\n")).toContain(marker);
  });
});

describe("PostgreSQL down when the host starts", () => {
  let postgres: PostgresServer;
  beforeAll(async () => {
    postgres = await startPostgresServer();
  });
  afterAll(() => postgres?.stop());

  it("says so, answers 503 store_unavailable and health down, and recovers by itself", {
    timeout: 120_000,
  }, async () => {
    const url = await newPostgresDatabase(postgres.url);
    await postgres.stop();
    const h = await host("http", { DATABASE_URL: url });
    expect(h.logs.join("\n")).toMatch(/PostgreSQL is not reachable yet: retrying every 2 s/);
    const health = await fetch(`${h.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, database: "down", databaseEngine: "postgres" });
    const jobs = await fetch(`${h.url}/api/jobs`);
    expect(jobs.status).toBe(503);
    expect((await jobs.json()).error).toEqual({
      code: "store_unavailable",
      message: "The database is not reachable; try again in a moment.",
    });

    await postgres.start();
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${h.url}/api/health`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`not recovered:\n${h.logs.join("\n")}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(h.logs.join("\n")).toMatch(/PostgreSQL is reachable and migrated/);
    expect((await fetch(`${h.url}/api/jobs`)).status).toBe(200);
    const res = await post(`${h.url}/api/analyze`, {
      transcriptText: "Alice: Hello.\nBob: Hi.\n",
      selected: {},
    });
    expect(res.status).toBe(202);
  });
});
