import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import analyze from "../analyze";
import { parseSseBlock } from "../ui/client/lib/sse";
import events from "./index";

const double = useLlmDouble({ delayMs: 50 });
const testDeps = useTestDeps();

const TEXT = "Alice: Let's review the plan.\nBob: I'll update the roadmap by Monday.\n";

/** Reads an SSE response to its end into `{id, event, data}` records. */
async function readSse(res: Response) {
  const text = await res.text();
  return text
    .split("\n\n")
    .map(parseSseBlock)
    .filter((r) => r !== null) as Array<{ id: string; event: string; data: string }>;
}

async function startJob() {
  const t = await testDeps({ OPENAI_BASE_URL: double().baseURL });
  const { jobId } = await (
    await analyze(t.deps).request(
      "/api/analyze",
      jsonRequest("POST", {
        transcriptText: TEXT,
        selected: { stageA: ["say-means", "soul"], final: ["executive-summary"] },
      }),
    )
  ).json();
  return { t, jobId, app: events(t.deps) };
}

describe("GET /api/jobs/:jobId/events (SSE)", () => {
  it("streams the job's events in order and ends after the last one", async () => {
    const { jobId, app } = await startJob();
    const res = await app.request(`/api/jobs/${jobId}/events`);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const records = await readSse(res);
    const types = records.map((r) => r.event);
    expect(types[0]).toBe("job.queued");
    expect(types.at(-1)).toBe("job.completed");
    // 2 A + 1 final + the insights' first pass and their review
    expect(types.filter((t) => t === "analyzer.completed")).toHaveLength(5);
    const started = types.indexOf("analyzer.started");
    expect(types.indexOf("stage.completed")).toBeGreaterThan(started);
    for (const r of records)
      expect(JSON.parse(r.data)).toMatchObject({ jobId, type: r.event, id: r.id, ts: expect.any(String) });
    const ids = records.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const completed = records.find((r) => r.event === "analyzer.completed")!;
    expect(JSON.parse(completed.data).data).toMatchObject({
      durationMs: expect.any(Number),
      usage: expect.any(Object),
    });
  });

  it("replays only what a reconnecting client missed (Last-Event-ID), and a late subscriber gets the history", async () => {
    const { t, jobId, app } = await startJob();
    await t.idle();
    const all = await readSse(await app.request(`/api/jobs/${jobId}/events`));
    expect(all.at(-1)!.event).toBe("job.completed");
    const cut = all[3]!.id;
    const rest = await readSse(
      await app.request(`/api/jobs/${jobId}/events`, { headers: { "Last-Event-ID": cut } }),
    );
    expect(rest.map((r) => r.id)).toEqual(all.slice(4).map((r) => r.id));
  });

  it("does not mix another job's events into the stream", async () => {
    const first = await startJob();
    const second = await analyze(first.t.deps).request(
      "/api/analyze",
      jsonRequest("POST", { transcriptText: TEXT }),
    );
    const otherId = (await second.json()).jobId;
    const records = await readSse(await first.app.request(`/api/jobs/${first.jobId}/events`));
    expect(records.every((r) => JSON.parse(r.data).jobId === first.jobId)).toBe(true);
    expect(otherId).not.toBe(first.jobId);
    await first.t.idle();
  });

  it("answers 404 for an unknown job and 400 for a bad id", async () => {
    const t = await testDeps();
    const app = events(t.deps);
    expect((await app.request("/api/jobs/20250101-000000-ffffffffffffffffffffffff/events")).status).toBe(404);
    const dots = (await app.request("/api/jobs/%2e%2e/events")).status;
    expect(dots >= 400 && dots < 500).toBe(true);
    expect((await app.request("/api/ws?jobId=../x")).status).toBe(400);
  });
});
