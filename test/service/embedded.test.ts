import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deflatedRun, lyingZip } from "../../core/transcript/zip-bomb.test-helper";
import { seedPgliteDir } from "../helpers/databases";
import { type HostProcess, startHost } from "../helpers/host-process";
import { FIXTURES } from "../helpers/pipeline-harness";
import { readSse } from "../helpers/sse";
import { type LlmDouble, startLlmDouble } from "../llm-double/server";

/**
 * The embedded mode end to end: the HTTP host from the built bundle, no REDIS_URL, jobs run in its
 * own process against the LLM test double. Also the hostile-input and auth checks, which do not
 * depend on the mode.
 */
let double: LlmDouble;
let dir: string;
const hosts: HostProcess[] = [];
beforeAll(async () => {
  double = await startLlmDouble({ delayMs: 30 });
  dir = await mkdtemp(path.join(os.tmpdir(), "embedded-"));
});
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await double.close();
  await rm(dir, { recursive: true, force: true });
});

async function host(env: Record<string, string> = {}) {
  // A made database, as the first start would make it (test/service/restart.test.ts starts from none).
  const dataDir = path.join(dir, `data-${hosts.length}`);
  await seedPgliteDir(path.join(dataDir, "db"));
  const h = await startHost("http", {
    OUTPUT_DIR: path.join(dir, `out-${hosts.length}`),
    DATA_DIR: dataDir,
    OPENAI_BASE_URL: double.baseURL,
    // The double listens on loopback, which would make it a local server (one call at a time); it
    // stands for a hosted service here.
    LLM_SERVER_KIND: "hosted",
    SESSION_SECRET: "embedded-test-session-secret",
    RATE_LIMIT_PER_HOUR: "0",
    ...env,
  });
  hosts.push(h);
  return h;
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

describe("embedded mode (no Redis)", () => {
  let h: HostProcess;
  beforeAll(async () => {
    h = await host();
  });

  it("says which mode runs, and answers health", async () => {
    expect(h.logs.join("\n")).toMatch(/embedded mode/);
    const health = await (await fetch(`${h.url}/api/health`)).json();
    expect(health).toMatchObject({
      ok: true,
      mode: "embedded",
      redis: "not used",
      database: "ok",
      databaseEngine: "pglite",
      llm: { configured: true },
    });
  });

  it("runs a job from POST /api/analyze to the end, with its events over SSE in order and replay after a reconnect", async () => {
    const transcript = await readFile(path.join(FIXTURES, "IS1000a.vtt"), "utf8");
    const start = await fetch(
      `${h.url}/api/analyze`,
      json({
        transcriptText: transcript,
        fileName: "IS1000a.vtt",
        selected: { stageA: ["say-means", "spin"], stageB: ["first-principles"], final: ["meeting-notes"] },
        options: { finalOptions: { includeTranscript: true, mode: "full" } },
      }),
    );
    expect(start.status).toBe(202);
    const { ok, jobId, queuedAt } = await start.json();
    expect(ok).toBe(true);
    expect(typeof queuedAt).toBe("string");

    // A client that drops after a few events, then reconnects with Last-Event-ID.
    const firstPart = await readSse(`${h.url}/api/jobs/${jobId}/events`, {
      until: (r) => r.event === "analyzer.completed",
    });
    const lastSeen = firstPart.at(-1)!.id;
    const rest = await readSse(`${h.url}/api/jobs/${jobId}/events`, {
      headers: { "Last-Event-ID": lastSeen },
    });
    const all = [...firstPart, ...rest];
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length); // nothing twice
    const types = all.map((r) => r.event);
    expect(types[0]).toBe("job.queued");
    expect(types.at(-1)).toBe("job.completed");
    // The insights' first pass goes with Stage A, so its items come before any stage ends.
    const order = ["job.queued", "insights.updated", "stage.completed", "job.completed"].map((t) =>
      types.indexOf(t),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));

    const status = await (await fetch(`${h.url}/api/status/${jobId}`)).json();
    expect(status).toMatchObject({ ok: true, jobId, status: "completed" });
    expect(status.stages.A.analyzers["say-means"]).toMatchObject({
      status: "completed",
      usage: { inputTokens: expect.any(Number) },
    });
    const results = await (await fetch(`${h.url}/api/results/${jobId}`)).json();
    expect(results.outputs.final["meeting-notes"].text).toContain("meeting-notes");
    const insights = await (await fetch(`${h.url}/api/insights/${jobId}`)).json();
    expect(insights).toMatchObject({ ok: true, counts: { total: expect.any(Number) } });
    const file = await fetch(`${h.url}/api/job-file?jobId=${jobId}&path=stage-a/say-means.md`);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain("say-means");
    const zip = await fetch(`${h.url}/api/jobs/${jobId}/export?format=zip`);
    expect(zip.status).toBe(200);
    expect(new Uint8Array(await zip.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    const jobs = await (await fetch(`${h.url}/api/jobs`)).json();
    expect(jobs.jobs.map((j: { jobId: string }) => j.jobId)).toContain(jobId);
  });

  it("serves the web UI at /", async () => {
    const res = await fetch(`${h.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
  });

  const VALID_UNKNOWN = "20250101-000000-ffffffffffffffffffffffff";
  const hostile: Array<[string, string, RequestInit | undefined]> = [
    ["job-file: job id with ..", "/api/job-file?jobId=../../etc&path=passwd", undefined],
    ["job-file: path with ..", `/api/job-file?jobId=${VALID_UNKNOWN}&path=../../../etc/passwd`, undefined],
    [
      "job-file: encoded ..",
      `/api/job-file?jobId=${VALID_UNKNOWN}&path=%2e%2e%2f%2e%2e%2fetc%2fpasswd`,
      undefined,
    ],
    [
      "job-file: double-encoded ..",
      `/api/job-file?jobId=${VALID_UNKNOWN}&path=..%252f..%252fetc%252fpasswd`,
      undefined,
    ],
    ["job-file: absolute path", `/api/job-file?jobId=${VALID_UNKNOWN}&path=/etc/passwd`, undefined],
    [
      "job-file: backslashes",
      `/api/job-file?jobId=${VALID_UNKNOWN}&path=..\\..\\windows\\win.ini`,
      undefined,
    ],
    ["job-file: NUL byte", `/api/job-file?jobId=${VALID_UNKNOWN}&path=job.json%00.md`, undefined],
    [
      "job-file: very long path",
      `/api/job-file?jobId=${VALID_UNKNOWN}&path=${"a/".repeat(2000)}x`,
      undefined,
    ],
    [
      "job-file: unicode slashes",
      `/api/job-file?jobId=${VALID_UNKNOWN}&path=..%E2%88%95..%E2%88%95etc`,
      undefined,
    ],
    ["job-file: no parameters", "/api/job-file", undefined],
    ["status: traversal id", "/api/status/..%2F..%2Fetc%2Fpasswd", undefined],
    ["status: script in id", "/api/status/%3Cscript%3Ealert(1)%3C%2Fscript%3E", undefined],
    ["results: unknown job", `/api/results/${VALID_UNKNOWN}`, undefined],
    ["export: bad job id", "/api/jobs/x/export?format=md", undefined],
    ["export: unknown format", `/api/jobs/${VALID_UNKNOWN}/export?format=exe`, undefined],
    ["ws: traversal job id", "/api/ws?jobId=../../", undefined],
    [
      "analyze: text/plain body",
      "/api/analyze",
      { method: "POST", headers: { "content-type": "text/plain" }, body: "Alice: hi" },
    ],
    [
      "analyze: malformed JSON",
      "/api/analyze",
      { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" },
    ],
    ["analyze: JSON array", "/api/analyze", json([1, 2, 3])],
    [
      "analyze: deeply nested JSON",
      "/api/analyze",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
      },
    ],
    ["analyze: transcript as a number", "/api/analyze", json({ transcriptText: 42 })],
    [
      "analyze: binary transcript",
      "/api/analyze",
      json({ transcriptText: "\u0000\u0001\u0002\u0003PK\u0000\u0000" }),
    ],
    [
      "analyze: analyzer id traversal",
      "/api/analyze",
      json({ transcriptText: "Alice: hi", selected: { stageA: ["../../x"] } }),
    ],
    [
      "analyze: template code in prompt",
      "/api/analyze",
      json({
        transcriptText: "Alice: hi",
        selected: { stageA: ["say-means"] },
        promptSelection: { "say-means": "{{ constructor.constructor('return process')() }}" },
      }),
    ],
    [
      "analyze: Jinja statement in prompt",
      "/api/analyze",
      json({
        transcriptText: "Alice: hi",
        selected: { stageA: ["say-means"] },
        promptSelection: { "say-means": "{% import os %}{{ os.system('id') }}" },
      }),
    ],
    [
      "analyze: huge model name",
      "/api/analyze",
      json({ transcriptText: "Alice: hi", options: { models: { stageA: "a".repeat(500) } } }),
    ],
    ["analyze: file id traversal", "/api/analyze", json({ fileId: "../../etc/passwd" })],
    ["analyze: unknown upload", "/api/analyze", json({ fileId: "0123456789abcdef01234567" })],
    [
      "analyze: over the size limit",
      "/api/analyze",
      json({ transcriptText: `Alice: ${"x".repeat(13 * 1024 * 1024)}` }),
    ],
    [
      "uploads: .exe file",
      "/api/uploads",
      (() => {
        const f = new FormData();
        f.append("file", new File(["MZ"], "setup.exe"));
        return { method: "POST", body: f };
      })(),
    ],
    [
      "uploads: no file field",
      "/api/uploads",
      (() => {
        const f = new FormData();
        f.append("other", "x");
        return { method: "POST", body: f };
      })(),
    ],
    [
      "uploads: malformed VTT",
      "/api/uploads",
      (() => {
        const f = new FormData();
        f.append("file", new File(["WEBVTT\n\n00:00:01.000 --> later\nhi"], "a.vtt"));
        return { method: "POST", body: f };
      })(),
    ],
    ["prompts: traversal id", "/api/prompts", json({ id: "../../etc/passwd", text: "x" })],
    ["prompt-template: traversal id", "/api/prompt-template?id=../../package.json", undefined],
    ["prompts: delete all without confirmation", "/api/prompts", { method: "DELETE" }],
    ["user key: header injection", "/api/user/key", json({ apiKey: "sk-abc\r\nX-Injected: 1" })],
    ["cancel: unknown job", `/api/jobs/${VALID_UNKNOWN}/cancel`, { method: "POST" }],
    ["unknown route", "/api/does-not-exist", undefined],
  ];

  it(`answers ${hostile.length} hostile requests each with a 4xx and a clear error, and keeps serving`, async () => {
    expect(hostile.length).toBeGreaterThanOrEqual(30);
    const problems: string[] = [];
    for (const [label, url, init] of hostile) {
      const res = await fetch(`${h.url}${url}`, init);
      const text = await res.text();
      let body: { ok?: boolean; error?: { code?: string; message?: string } } = {};
      try {
        body = JSON.parse(text);
      } catch {
        problems.push(`${label}: not JSON: ${text.slice(0, 80)}`);
        continue;
      }
      if (res.status < 400 || res.status >= 500) problems.push(`${label}: status ${res.status}`);
      if (body.ok !== false || !body.error?.code || !body.error.message || body.error.message.length < 8) {
        problems.push(`${label}: unclear error ${text.slice(0, 120)}`);
      }
      if (/\n\s+at |node:internal|\.ts:\d+/.test(text)) problems.push(`${label}: stack trace leaked`);
      if (/root:x:0:0/.test(text)) problems.push(`${label}: leaked /etc/passwd`);
    }
    expect(problems).toEqual([]);
    expect((await fetch(`${h.url}/api/health`)).status).toBe(200);
  });
});

describe("authentication and limits", () => {
  it("with API_TOKENS, requires a token for the API (not for health), and the UI works through a signed-in session", async () => {
    const h = await host({ API_TOKENS: "team-token-123456,other-token-654321", HOST: "127.0.0.1" });
    expect((await fetch(`${h.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${h.url}/`)).status).toBe(200);
    const anonymous = await fetch(`${h.url}/api/analyze`, json({ transcriptText: "Alice: hi" }));
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe("unauthorized");
    expect((await fetch(`${h.url}/api/jobs`)).status).toBe(401);
    const withToken = await fetch(
      `${h.url}/api/analyze`,
      json({ transcriptText: "Alice: hi", selected: {} }, { authorization: "Bearer other-token-654321" }),
    );
    expect(withToken.status).toBe(202);

    // The browser's way: a session cookie, signed in once with a token, CSRF token on each change.
    const session = await fetch(`${h.url}/api/session`);
    const cookie = session.headers.get("set-cookie")!.split(";")[0]!;
    expect(session.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect(session.headers.get("set-cookie")).toMatch(/SameSite=Lax/i);
    const { csrf, authRequired, authenticated } = await session.json();
    expect({ authRequired, authenticated }).toEqual({ authRequired: true, authenticated: false });
    const wrong = await fetch(
      `${h.url}/api/session`,
      json({ token: "nope" }, { cookie, "x-csrf-token": csrf }),
    );
    expect(wrong.status).toBe(401);
    const signIn = await fetch(
      `${h.url}/api/session`,
      json({ token: "team-token-123456" }, { cookie, "x-csrf-token": csrf }),
    );
    expect(signIn.status).toBe(200);
    // Signing in starts a new session (a fixed session id is never promoted): use its cookie and CSRF token.
    const signedIn = signIn.headers.get("set-cookie")!.split(";")[0]!;
    expect(signedIn).not.toBe(cookie);
    const fresh = (await signIn.json()).csrf;
    const stale = await fetch(
      `${h.url}/api/analyze`,
      json({ transcriptText: "Alice: hi", selected: {} }, { cookie, "x-csrf-token": csrf }),
    );
    expect(stale.status).toBe(401);
    const noCsrf = await fetch(
      `${h.url}/api/analyze`,
      json({ transcriptText: "Alice: hi", selected: {} }, { cookie: signedIn }),
    );
    expect(noCsrf.status).toBe(403);
    const viaSession = await fetch(
      `${h.url}/api/analyze`,
      json({ transcriptText: "Alice: hi", selected: {} }, { cookie: signedIn, "x-csrf-token": fresh }),
    );
    expect(viaSession.status).toBe(202);
  });

  it("without API_TOKENS listens on loopback only and says so", async () => {
    const h = await host();
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(h.logs.join("\n")).toMatch(/open \(no API_TOKENS\)/);
  });

  it("limits analyses per caller per hour, with Retry-After", async () => {
    const h = await host({ RATE_LIMIT_PER_HOUR: "2" });
    const body = { transcriptText: "Alice: hello there", selected: {} };
    expect((await fetch(`${h.url}/api/analyze`, json(body))).status).toBe(202);
    expect((await fetch(`${h.url}/api/analyze`, json(body))).status).toBe(202);
    const third = await fetch(`${h.url}/api/analyze`, json(body));
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await third.json()).error.code).toBe("rate_limited");
  });

  it("reads uploads off its event loop: health answers while one is read, and a read past its bound ends with step_timeout", async () => {
    const h = await host({ STEP_TIMEOUT_MS: "100" });
    // Warm the thread, so the bound applies to the read itself.
    const warm = new FormData();
    warm.set("file", new File(["Alice: hi"], "warm.txt"));
    expect((await fetch(`${h.url}/api/uploads`, { method: "POST", body: warm })).status).toBe(201);
    const lines = Array.from(
      { length: 150_000 },
      (_, i) => `Speaker ${i % 40}: this is line ${i} of a long day`,
    );
    const form = new FormData();
    form.set("file", new File([lines.join("\n")], "long.txt"));
    const finished: string[] = [];
    const upload = fetch(`${h.url}/api/uploads`, { method: "POST", body: form }).then(async (res) => {
      finished.push("upload");
      return { status: res.status, body: await res.json() };
    });
    await new Promise((r) => setTimeout(r, 30));
    const health = await fetch(`${h.url}/api/health`);
    finished.push("health");
    expect(health.status).toBe(200);
    const answer = await upload;
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      code: "step_timeout",
      message: expect.stringMatching(/STEP_TIMEOUT_MS/),
    });
    expect(finished).toEqual(["health", "upload"]);
    // The server keeps serving, and reads the next file on a fresh thread.
    const again = new FormData();
    again.set("file", new File(["Bob: still here"], "after.txt"));
    expect((await fetch(`${h.url}/api/uploads`, { method: "POST", body: again })).status).toBe(201);
  });

  it("refuses a .docx whose zip claims 1,000 bytes but inflates far past the cap, and stays up", async () => {
    const h = await host({ MAX_UPLOAD_BYTES: "200000" });
    const bomb = lyingZip([
      { name: "word/document.xml", deflated: deflatedRun(50 * 1024 * 1024), claimedSize: 1_000 },
    ]);
    const form = new FormData();
    form.set("file", new File([bomb as Uint8Array<ArrayBuffer>], "bomb.docx"));
    const res = await fetch(`${h.url}/api/uploads`, { method: "POST", body: form });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("too_large");
    expect((await fetch(`${h.url}/api/health`)).status).toBe(200);
  });

  it("stops on SIGTERM with exit code 0", async () => {
    const h = await host();
    expect(await h.stop()).toBe(0);
  });
});
