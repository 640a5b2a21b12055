import { Queue } from "bullmq";
import { type Context, Hono } from "hono";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SessionData } from "../../core/ports";
import { readSession, SESSION_COOKIE } from "../../functions/shared/session";
import { createTestDeps } from "../../test/helpers/function-deps";
import { type RedisServer, startRedisServer } from "../../test/helpers/redis-server";
import { createQueueBoard, mountQueueBoard, QUEUE_BOARD_PATH } from "./queue-board";

const TOKEN = "alpha-token-1";
const USER_TOKEN = "user-token-2";
type Env = { addr?: string };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

/** A stand-in for bull-board: what matters here is who gets through to it. */
function fakeBoard() {
  const board = new Hono();
  board.get("/", (c) => c.text("board page"));
  board.get("/api/queues", (c) => c.json({ queues: [{ name: "llm" }] }));
  board.put("/api/queues/:queue/retry/failed", (c) => c.json({ retried: c.req.param("queue") }));
  return board;
}

/** A host with the board; `adminTokens` are the operators' (TOKEN by default when tokens are set). */
async function host(apiTokens: string, env: Record<string, string> = {}) {
  const t = await createTestDeps({
    API_TOKENS: apiTokens,
    ...(apiTokens ? { ADMIN_TOKENS: TOKEN, API_TOKENS: `${apiTokens},${USER_TOKEN}` } : {}),
    ...env,
  });
  cleanups.push(t.close);
  const root = new Hono();
  root.get("/api/other", (c) => c.text("not guarded here"));
  mountQueueBoard(root, fakeBoard(), {
    auth: t.deps.config.auth,
    session: (c) => readSession(c, t.deps),
    clientAddress: (c: Context) => (c.env as Env | undefined)?.addr,
  });
  const signIn = async (authenticated: boolean, operator = authenticated) => {
    const session: SessionData = {
      id: `s-${authenticated}-${operator}`,
      createdAt: "",
      csrf: "csrf",
      authenticated,
      operator,
    };
    await t.deps.sessions.set(session, 60);
    return `${SESSION_COOKIE}=${t.deps.secrets.sign(session.id)}`;
  };
  const base = apiTokens ? "http://app.local" : "http://127.0.0.1:5000";
  const call = (path: string, init: RequestInit = {}, env: Env = { addr: "203.0.113.9" }) =>
    root.request(`${base}${QUEUE_BOARD_PATH}${path}`, init, env);
  return { t, root, signIn, call };
}

describe("queue dashboard with API_TOKENS set", () => {
  it("turns away a caller with no token and no signed-in session, in the API's error shape", async () => {
    const { call } = await host(TOKEN);
    const res = await call("");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    expect((await call("/api/queues", {}, { addr: "127.0.0.1" })).status).toBe(401);
  });

  it("turns away a wrong Bearer token and a session that never signed in", async () => {
    const { call, signIn } = await host(TOKEN);
    expect((await call("/api/queues", { headers: { authorization: "Bearer nope" } })).status).toBe(401);
    expect((await call("/api/queues", { headers: { cookie: await signIn(false) } })).status).toBe(401);
  });

  it("turns away a valid token without the operator role, by header or signed-in session", async () => {
    const { call, signIn } = await host(TOKEN);
    const byToken = await call("/api/queues", { headers: { authorization: `Bearer ${USER_TOKEN}` } });
    expect(byToken.status).toBe(403);
    expect(await byToken.json()).toMatchObject({
      ok: false,
      error: { code: "forbidden", message: /ADMIN_TOKENS/ },
    });
    expect((await call("/api/queues", { headers: { cookie: await signIn(true, false) } })).status).toBe(403);
  });

  it("lets in an operator's Bearer token or a session signed in with one", async () => {
    const { call, signIn } = await host(TOKEN);
    const byToken = await call("/api/queues", { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(byToken.status).toBe(200);
    expect(await byToken.json()).toEqual({ queues: [{ name: "llm" }] });
    const bySession = await call("", { headers: { cookie: await signIn(true) } });
    expect(bySession.status).toBe(200);
    expect(await bySession.text()).toBe("board page");
    expect(bySession.headers.get("x-frame-options")).toBe("DENY");
  });

  it("refuses changes another site makes with the operator's cookie, and allows them from the board's page", async () => {
    const { call, signIn } = await host(TOKEN);
    const cookie = await signIn(true);
    const retry = (headers: Record<string, string>) =>
      call("/api/queues/llm/retry/failed", { method: "PUT", headers: { cookie, ...headers } });
    expect((await retry({ origin: "https://evil.example" })).status).toBe(403);
    expect((await retry({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    const own = await retry({ origin: "http://app.local", "sec-fetch-site": "same-origin" });
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ retried: "llm" });
  });

  it("guards only the dashboard's paths", async () => {
    const { root } = await host(TOKEN);
    expect((await root.request("/api/other")).status).toBe(200);
  });
});

describe("queue dashboard in open mode (no API_TOKENS)", () => {
  it("answers a caller on this machine", async () => {
    const { call } = await host("");
    for (const addr of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      expect((await call("/api/queues", {}, { addr })).status).toBe(200);
    }
  });

  it("refuses a caller from the network, even when HOST opens the server to it", async () => {
    const { call } = await host("");
    const res = await call("/api/queues", {}, { addr: "192.168.1.20" });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await call("/api/queues", {}, {})).status).toBe(403);
  });

  it("refuses a page whose host name only resolves to this machine (DNS rebinding)", async () => {
    const { root } = await host("");
    const res = await root.request(
      `http://evil.example:5000${QUEUE_BOARD_PATH}/api/queues`,
      {},
      { addr: "127.0.0.1" },
    );
    expect(res.status).toBe(403);
  });

  it("is closed when the install keeps each browser's jobs apart, since the board shows them all", async () => {
    const { call } = await host("", { OPEN_MODE_SHARED_HISTORY: "false" });
    const res = await call("/api/queues", {}, { addr: "127.0.0.1" });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { message: /OPEN_MODE_SHARED_HISTORY/ } });
  });

  it("refuses a change a web page on another site sends to the loopback dashboard", async () => {
    const { call } = await host("");
    const res = await call(
      "/api/queues/llm/retry/failed",
      { method: "PUT", headers: { origin: "https://evil.example" } },
      { addr: "127.0.0.1" },
    );
    expect(res.status).toBe(403);
  });
});

describe("the real bull-board over BullMQ", () => {
  let redis: RedisServer;
  let queue: Queue;
  beforeAll(async () => {
    redis = await startRedisServer({ appendonly: false });
    queue = new Queue("llm", { connection: { host: "127.0.0.1", port: redis.port } });
    await queue.add(
      "run-analyzer",
      { name: "run-analyzer" },
      { jobId: "20250101-120000-abcdef0123456789abcdef01.A.soul" },
    );
  });
  afterAll(async () => {
    await queue?.close();
    await redis?.stop();
  });

  it("shows the queue's tasks and serves its page and scripts under /admin/queues, behind the guard", async () => {
    const t = await createTestDeps({ API_TOKENS: TOKEN, ADMIN_TOKENS: TOKEN });
    cleanups.push(t.close);
    const root = new Hono();
    mountQueueBoard(root, createQueueBoard([queue]), {
      auth: t.deps.config.auth,
      session: (c) => readSession(c, t.deps),
      clientAddress: () => "127.0.0.1",
    });
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    expect((await root.request(`${QUEUE_BOARD_PATH}/api/queues`)).status).toBe(401);
    const list = await root.request(
      `${QUEUE_BOARD_PATH}/api/queues?activeQueue=llm&status=waiting&page=1`,
      auth,
    );
    expect(list.status).toBe(200);
    const body = (await list.json()) as {
      queues: Array<{ name: string; counts: { waiting: number }; jobs: Array<{ id: string }> }>;
    };
    expect(body.queues[0]).toMatchObject({ name: "llm", counts: { waiting: 1 } });
    expect(body.queues[0]!.jobs.map((j) => j.id)).toEqual([
      "20250101-120000-abcdef0123456789abcdef01.A.soul",
    ]);
    const page = await root.request(QUEUE_BOARD_PATH, auth);
    const html = await page.text();
    expect(html).toContain(`<base href="${QUEUE_BOARD_PATH}/"`);
    const script = /src="(static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await root.request(`${QUEUE_BOARD_PATH}/${script}`, auth)).status).toBe(200);
  });
});
