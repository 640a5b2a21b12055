import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPgliteDir } from "../helpers/databases";
import { type HostProcess, startHost } from "../helpers/host-process";
import { ROOT } from "../helpers/pipeline-harness";
import { type LlmDouble, startLlmDouble } from "../llm-double";

/**
 * A job through the HTTP API of a running deployment, as a user drives it. Against SMOKE_BASE_URL
 * when set (docker-compose.test.yml: the production image, Redis, workers, the LLM test double as a
 * service); otherwise against the built HTTP host started here in embedded mode.
 */
const TOKEN = process.env.SMOKE_API_TOKEN ?? "smoke-token-0123456789";
const remote = process.env.SMOKE_BASE_URL;

let base: string;
let host: HostProcess | undefined;
let double: LlmDouble | undefined;
let outputDir: string | undefined;

beforeAll(async () => {
  if (remote) {
    base = remote.replace(/\/$/, "");
    return;
  }
  double = await startLlmDouble();
  outputDir = await mkdtemp(path.join(os.tmpdir(), "smoke-"));
  // A made database, as the host's first start makes it, without the seconds PGlite takes for it.
  await seedPgliteDir(path.join(outputDir, "data", "db"));
  host = await startHost("http", {
    HOST: "127.0.0.1",
    OPENAI_BASE_URL: double.baseURL,
    // The double listens on loopback, which would make it a local server (one call at a time); it
    // stands for a hosted service here.
    LLM_SERVER_KIND: "hosted",
    OPENAI_API_KEY: "test-key-for-the-double",
    API_TOKENS: TOKEN,
    SESSION_SECRET: "smoke-session-secret-0123456789",
    OUTPUT_DIR: outputDir,
    DATA_DIR: path.join(outputDir, "data"),
  });
  base = host.url;
}, 120_000);

afterAll(async () => {
  await host?.stop();
  await double?.close();
  if (outputDir) await rm(outputDir, { recursive: true, force: true });
});

const authed = { authorization: `Bearer ${TOKEN}` };

async function getJson(route: string, headers: Record<string, string> = authed) {
  const res = await fetch(`${base}${route}`, { headers });
  return { status: res.status, type: res.headers.get("content-type"), body: await res.json() };
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    value = await probe();
  }
  return value;
}

describe("a deployment driven through its HTTP API", () => {
  it("reports itself healthy with the model service configured", async () => {
    const { status, body } = await getJson("/api/health", {});
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, llm: { configured: true } });
    if (remote) expect(body).toMatchObject({ mode: "redis", redis: "ok" });
  });

  it("refuses an analysis without the API token", async () => {
    const res = await fetch(`${base}/api/analyze`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ transcriptText: "Alice: hello.\nBob: hi." }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: "unauthorized" } });
  });

  it("runs a job from a meeting transcript to completed, with every analyzer's output", async () => {
    const transcriptText = await readFile(path.join(ROOT, "test/fixtures/meetings/ES2002a.txt"), "utf8");
    const selected = {
      stageA: ["say-means", "power-dynamics"],
      stageB: ["first-principles"],
      final: ["meeting-notes"],
    };
    const res = await fetch(`${base}/api/analyze`, {
      method: "POST",
      headers: { ...authed, "content-type": "application/json" },
      body: JSON.stringify({ transcriptText, selected }),
    });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };

    const final = await until(
      () => getJson(`/api/status/${jobId}`),
      (r) => ["completed", "error", "cancelled"].includes(r.body.status),
      60_000,
    );
    expect(final.status).toBe(200);
    expect(final.body).toMatchObject({ ok: true, jobId, status: "completed" });
    for (const [stage, ids] of [
      ["A", selected.stageA],
      ["B", selected.stageB],
      ["final", selected.final],
    ] as const) {
      for (const id of ids)
        expect(final.body.stages[stage].analyzers[id]).toMatchObject({ status: "completed" });
    }

    const results = await getJson(`/api/results/${jobId}`);
    expect(results.status).toBe(200);
    expect(results.body.outputs.final["meeting-notes"].text).toEqual(expect.stringMatching(/\S/));
    expect(results.body.transcript.speakers).toContain("Project Manager");
  }, 90_000);

  it("answers an unknown job with a 404 in the API's error shape", async () => {
    const { status, type, body } = await getJson("/api/status/20250101-000000-abcdef0123456789abcdef01");
    expect(status).toBe(404);
    expect(type).toMatch(/application\/json/);
    expect(body).toEqual({ ok: false, error: { code: "job_not_found", message: expect.any(String) } });
  });
});
