import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type Cluster, startCluster, transcriptText } from "../load/cluster";

/**
 * A job run with a distinctive server key, session key, webhook secret and session secret, then
 * every place the service writes searched for each of them: every log line of the HTTP host and
 * the worker, every event, the job's status and results answers, every Redis key and value (and
 * Redis' own AOF files), every row of every database table, every file under OUTPUT_DIR and
 * DATA_DIR, and the webhook call. None may hold one; the keys must still have been used.
 */
const SECRETS = {
  serverKey: "sk-server-SECRETzz-4f1c9a7e2b",
  sessionKey: "sk-session-SECRETyy-8d3e6b0c51",
  webhookSecret: "whsec-SECRETxx-17c0e2a9d4",
  sessionSecret: "session-secret-SECRETww-0123456789abcdef",
};
/** What each secret would be found by: its distinctive middle (a copy cut at either end still matches). */
const NEEDLES = Object.entries(SECRETS).map(([name, value]) => [name, value.slice(6, 22)] as const);

let cluster: Cluster | undefined;
let webhook: { url: string; calls: string[]; close(): Promise<void> } | undefined;
afterAll(async () => {
  await cluster?.close();
  await webhook?.close();
});

async function startWebhook() {
  const calls: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      calls.push(`${JSON.stringify(req.headers)}\n${body}`);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function redisDump(url: string): Promise<string[]> {
  const redis = new Redis(url);
  try {
    const out: string[] = [];
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "COUNT", 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === "string"
            ? await redis.get(key)
            : type === "hash"
              ? await redis.hgetall(key)
              : type === "list"
                ? await redis.lrange(key, 0, -1)
                : type === "set"
                  ? await redis.smembers(key)
                  : type === "zset"
                    ? await redis.zrange(key, "0", "-1", "WITHSCORES")
                    : type === "stream"
                      ? await redis.xrange(key, "-", "+")
                      : null;
        out.push(`${key} ${JSON.stringify(value)}`);
      }
    } while (cursor !== "0");
    return out;
  } finally {
    redis.disconnect();
  }
}

async function databaseRows(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    const out: string[] = [];
    for (const { tablename } of tables) {
      const { rows } = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${tablename}" t`);
      for (const r of rows) out.push(`${tablename} ${r.row}`);
    }
    return out;
  } finally {
    await client.end();
  }
}

describe("a job's secrets", () => {
  it("appear in no log line, event, record, Redis key, database row, file or webhook call", {
    timeout: 180_000,
  }, async () => {
    webhook = await startWebhook();
    const c = await startCluster({
      workers: 1,
      delayMs: 0,
      env: {
        OPENAI_API_KEY: SECRETS.serverKey,
        NOTIFY_WEBHOOK_URL: webhook.url,
        NOTIFY_WEBHOOK_SECRET: SECRETS.webhookSecret,
        SESSION_SECRET: SECRETS.sessionSecret,
      },
    });
    cluster = c;
    const url = c.http.url;
    // A browser session with its own key runs one job; a plain client (the server's key) another.
    const session = await fetch(`${url}/api/session`);
    const cookie = (session.headers.get("set-cookie") ?? "").split(";")[0]!;
    const { csrf } = (await session.json()) as { csrf: string };
    const headers = { "content-type": "application/json", cookie, "x-csrf-token": csrf };
    const saved = await fetch(`${url}/api/user/key`, {
      method: "POST",
      headers,
      body: JSON.stringify({ apiKey: SECRETS.sessionKey, validate: false }),
    });
    expect(saved.status).toBe(200);
    const body = JSON.stringify({
      transcriptText: await transcriptText(),
      selected: { stageA: ["say-means"], stageB: [], final: ["meeting-notes"] },
    });
    const ids: string[] = [];
    for (const h of [headers, { "content-type": "application/json" }]) {
      const res = await fetch(`${url}/api/analyze`, { method: "POST", headers: h, body });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { jobId: string }).jobId);
    }
    const answers: string[] = [];
    const deadline = Date.now() + 120_000;
    for (const [i, id] of ids.entries()) {
      const h = i === 0 ? headers : {};
      for (;;) {
        const doc = (await (await fetch(`${url}/api/status/${id}`, { headers: h })).json()) as {
          status: string;
        };
        if (["completed", "error", "cancelled"].includes(doc.status) || Date.now() > deadline) {
          answers.push(JSON.stringify(doc));
          expect(doc.status).toBe("completed");
          break;
        }
        await new Promise((r) => setTimeout(r, 300));
      }
      answers.push(await (await fetch(`${url}/api/results/${id}`, { headers: h })).text());
      answers.push(await (await fetch(`${url}/api/jobs/${id}/events`, { headers: h })).text());
      answers.push(await (await fetch(`${url}/api/config`, { headers: h })).text());
    }
    // The keys were really used: each job's calls carried its own key (the double keeps the last 4).
    const last4 = new Set(c.double.requests.map((r) => r.auth.last4));
    expect(last4).toEqual(new Set([SECRETS.sessionKey.slice(-4), SECRETS.serverKey.slice(-4)]));
    await expect.poll(() => webhook!.calls.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

    const files = [
      ...(await filesUnder(c.env.OUTPUT_DIR!)),
      ...(await filesUnder(c.env.DATA_DIR!)),
      ...(await filesUnder(c.redis.dir)),
    ];
    expect(files.some((f) => f.endsWith("job.json"))).toBe(true);
    const places: Array<[string, string[]]> = [
      ["http log", c.http.logs],
      ["worker log", c.workers.flatMap((w) => w.logs)],
      ["answer", answers],
      ["redis", await redisDump(c.redis.url)],
      ["database", await databaseRows(c.env.DATABASE_URL!)],
      ["webhook", webhook.calls],
      ["file", await Promise.all(files.map(async (f) => `${f} ${(await readFile(f)).toString("latin1")}`))],
    ];
    for (const [where, texts] of places)
      expect({ where, some: texts.length > 0 }).toEqual({ where, some: true });
    const found: string[] = [];
    for (const [where, texts] of places)
      for (const text of texts)
        for (const [name, needle] of NEEDLES)
          if (text.includes(needle)) found.push(`${name} in ${where}: ${text.slice(0, 200)}`);
    expect(found).toEqual([]);
  });
});
