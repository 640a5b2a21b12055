import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HostProcess, startHost } from "../helpers/host-process";
import { FIXTURES } from "../helpers/pipeline-harness";
import { defaultResponder, type LlmDouble, startLlmDouble } from "../llm-double";

/**
 * Restarts lose nothing a user gave: the embedded host from the built bundle, its PGlite database
 * in DATA_DIR, killed with SIGKILL while a job runs, then started again on the same folders.
 * `TEST_LONG=1` (npm run test:restart) runs every built-in analyzer on each meeting instead of a few.
 */
const LONG = process.env.TEST_LONG === "1";
const MEETINGS = ["ES2002a.txt", "IS1000a.vtt", "Bed004.srt"];
const SELECTED = LONG
  ? undefined
  : { stageA: ["say-means", "soul"], stageB: ["first-principles"], final: ["meeting-notes"] };
const EXPORTS = ["md", "json", "csv", "obsidian", "zip"];

let double: LlmDouble;
let dir: string;
let env: Record<string, string>;
const hosts: HostProcess[] = [];
beforeAll(async () => {
  double = await startLlmDouble();
  dir = await mkdtemp(path.join(os.tmpdir(), "restart-"));
  env = {
    OUTPUT_DIR: path.join(dir, "output"),
    // Empty: the first start makes the database, as `npm start` does on a new machine.
    DATA_DIR: path.join(dir, "data"),
    OPENAI_BASE_URL: double.baseURL,
    // The double listens on loopback, which would make it a local server (one call at a time); it
    // stands for a hosted service here.
    LLM_SERVER_KIND: "hosted",
    SESSION_SECRET: "restart-test-session-secret",
    RATE_LIMIT_PER_HOUR: "0",
  };
});
afterAll(async () => {
  for (const h of hosts) await h.kill();
  await double?.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(extra: Record<string, string> = {}) {
  const h = await startHost("http", { ...env, ...extra }, 120_000);
  hosts.push(h);
  return h;
}

const get = async (h: HostProcess, url: string) => {
  const res = await fetch(`${h.url}${url}`);
  expect(res.status, url).toBe(200);
  return res;
};
const status = async (h: HostProcess, jobId: string) => await (await get(h, `/api/status/${jobId}`)).json();

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function submit(h: HostProcess, name: string): Promise<string> {
  const res = await fetch(`${h.url}/api/analyze`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      transcriptText: await readFile(path.join(FIXTURES, name), "utf8"),
      fileName: name,
      ...(SELECTED ? { selected: SELECTED } : {}),
    }),
  });
  expect(res.status).toBe(202);
  return (await res.json()).jobId;
}

/** Everything a person downloads of a job, as bytes. */
async function downloads(h: HostProcess, jobId: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  out.results = Buffer.from(await (await get(h, `/api/results/${jobId}`)).arrayBuffer());
  out.insights = Buffer.from(await (await get(h, `/api/insights/${jobId}`)).arrayBuffer());
  for (const format of EXPORTS) {
    out[format] = Buffer.from(
      await (await get(h, `/api/jobs/${jobId}/export?format=${format}`)).arrayBuffer(),
    );
  }
  out.file = Buffer.from(
    await (await get(h, `/api/job-file?jobId=${jobId}&path=final/insights.md`)).arrayBuffer(),
  );
  return out;
}

describe("embedded mode across a kill -9", () => {
  it("keeps every job: finished ones byte for byte, the running one interrupted with what had finished, and retryable", {
    timeout: 600_000,
  }, async () => {
    const first = await start();
    expect(first.logs.join("\n")).toMatch(/PGlite in/);
    const done: string[] = [];
    for (const name of MEETINGS.slice(0, 2)) {
      const jobId = await submit(first, name);
      await until(`${name} to finish`, async () =>
        (await status(first, jobId)).status === "completed" ? true : undefined,
      );
      done.push(jobId);
    }
    const before = await Promise.all(done.map((id) => downloads(first, id)));

    // The third meeting: say-means answers, soul hangs; the host is killed while soul runs.
    let soulStarted = false;
    double.setResponder((req, i) => {
      if (req.analyzer !== "soul") return defaultResponder(req, i);
      soulStarted = true;
      return new Promise(() => {});
    });
    const third = await submit(first, MEETINGS[2]!);
    await until("say-means of the third job to finish, and soul to start", async () => {
      const doc = await status(first, third);
      return doc.stages.A.analyzers["say-means"].status === "completed" && soulStarted ? true : undefined;
    });
    await first.kill();
    double.setResponder(defaultResponder);
    const saidMeans = double.requests.filter((r) => r.analyzer === "say-means").length;

    const second = await start();
    expect(second.logs.join("\n")).toMatch(/1 job\(s\) were interrupted/);
    const history = await (await get(second, "/api/jobs")).json();
    expect(history.jobs.map((j: { jobId: string; status: string }) => [j.jobId, j.status])).toEqual([
      [third, "interrupted"],
      [done[1], "completed"],
      [done[0], "completed"],
    ]);
    const after = await Promise.all(done.map((id) => downloads(second, id)));
    for (const [i, files] of after.entries()) {
      for (const [name, bytes] of Object.entries(files)) {
        expect(bytes.equals(before[i]![name]!), `${done[i]} ${name} is the same after the restart`).toBe(
          true,
        );
      }
    }
    const interrupted = await status(second, third);
    expect(interrupted.stages.A.analyzers["say-means"].status).toBe("completed");
    expect(interrupted.stages.A.analyzers.soul.status).toBe("pending");
    expect(interrupted.notes.join(" ")).toMatch(/retry it to run the rest/);

    const retry = await fetch(`${second.url}/api/jobs/${third}/retry`, { method: "POST" });
    expect(retry.status).toBe(202);
    await until("the retried job to finish", async () =>
      (await status(second, third)).status === "completed" ? true : undefined,
    );
    // Nothing that had finished was paid for twice.
    expect(double.requests.filter((r) => r.analyzer === "say-means")).toHaveLength(saidMeans);
    expect((await status(second, third)).stages.A.analyzers.soul.status).toBe("completed");
  });

  it("refuses a second host on the same DATA_DIR with a clear message, and leaves the first one serving", async () => {
    const running = hosts.at(-1)!;
    const refused = await start().then(
      () => "started",
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/exited with 1 before it was ready/);
    expect(refused).toMatch(/is in use by process \d+ .*PGlite lets only one process open it/);
    expect((await fetch(`${running.url}/api/health`)).status).toBe(200);
  });
});
