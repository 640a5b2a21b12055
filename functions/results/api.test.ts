import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import analyze from "../analyze";
import results from "./index";

const double = useLlmDouble();
const testDeps = useTestDeps();

const TEXT =
  "Date: 2025-10-01\n\nAlice: I'll send the budget report by Friday.\nBob: We decided to go with the rubber case.\nAlice: My worry is that the supplier might not deliver in time.\n";

describe("GET /api/results/:jobId and /api/insights/:jobId", () => {
  it("gives every output of a finished job with the transcript, computed analyses and insights", async () => {
    const t = await testDeps({ OPENAI_BASE_URL: double().baseURL });
    const { jobId } = await (
      await analyze(t.deps).request(
        "/api/analyze",
        jsonRequest("POST", {
          transcriptText: TEXT,
          selected: { stageA: ["say-means"], final: ["meeting-notes"] },
        }),
      )
    ).json();
    await t.idle();
    const app = results(t.deps);
    const body = await (await app.request(`/api/results/${jobId}`)).json();
    expect(body).toMatchObject({ ok: true, jobId, status: "completed" });
    expect(body.outputs.A["say-means"]).toMatchObject({
      name: "Say / Means",
      status: "completed",
      text: expect.stringContaining("LLM test double"),
    });
    expect(body.outputs.final["meeting-notes"].text).toContain("meeting-notes");
    expect(body.transcript.segments).toHaveLength(3);
    expect(body.computed.speakerStats).toHaveLength(2);
    expect(body.insights.final).toBe(true);
    const insights = await (await app.request(`/api/insights/${jobId}`)).json();
    expect(insights).toMatchObject({ ok: true, final: true });
    expect(insights.counts.total).toBe(insights.items.length);
    expect(insights.counts.actions).toBeGreaterThanOrEqual(1);
    expect(insights.items.find((i: { type: string }) => i.type === "action")).toMatchObject({
      owner: "Alice",
      due: "2025-10-03",
    });
  });

  it("gives preliminary insights from the keyword rules while the job still runs", async () => {
    const t = await testDeps({ OPENAI_BASE_URL: double().baseURL });
    double().setResponder(async () => {
      await new Promise((r) => setTimeout(r, 300));
      return { text: "## ok" };
    });
    const { jobId } = await (
      await analyze(t.deps).request(
        "/api/analyze",
        jsonRequest("POST", { transcriptText: TEXT, selected: { stageA: ["soul"] } }),
      )
    ).json();
    const early = await (await results(t.deps).request(`/api/insights/${jobId}`)).json();
    expect(early.final).toBe(false);
    expect(early.items.every((i: { source: string }) => i.source === "heuristic")).toBe(true);
    await t.idle();
  });

  it("keeps the answers of a huge transcript a sensible size: segments in pages, long lists cut and counted", async () => {
    const t = await testDeps();
    const lines = Array.from({ length: 12_000 }, (_, i) => `Person ${i % 1_500}: point ${i}, is it settled?`);
    const { jobId } = await (
      await analyze(t.deps).request("/api/analyze", jsonRequest("POST", { transcriptText: lines.join("\n") }))
    ).json();
    await t.idle();
    const app = results(t.deps);
    const first = await (await app.request(`/api/results/${jobId}`)).json();
    expect(first.transcript.segments).toHaveLength(5_000);
    expect(first.transcript.segmentsPage).toEqual({
      offset: 0,
      limit: 5_000,
      total: 12_000,
      nextOffset: 5_000,
    });
    expect(first.transcript.speakers).toHaveLength(1_000);
    expect(first.transcript.speakerCount).toBe(1_500);
    expect(first.computed.questions.length).toBeLessThanOrEqual(1_000);
    expect(first.truncated).toMatchObject({
      "transcript.speakers": { shown: 1_000, total: 1_500 },
      "computed.speakerStats": { shown: 1_000, total: 1_500 },
      "computed.questions": { shown: 1_000, total: 12_000 },
    });
    const last = await (
      await app.request(`/api/results/${jobId}?segmentOffset=10000&segmentLimit=5000`)
    ).json();
    expect(last.transcript.segments[0].id).toBe("seg-10001");
    expect(last.transcript.segmentsPage).toEqual({ offset: 10_000, limit: 5_000, total: 12_000 });
    expect((await app.request(`/api/results/${jobId}?segmentLimit=50000`)).status).toBe(400);

    const status = await (
      await (await import("../status/index")).default(t.deps).request(`/api/status/${jobId}`)
    ).json();
    expect(status.source.speakers).toHaveLength(1_000);
    expect(status.source.speakerCount).toBe(1_500);
    expect(status.truncated).toEqual({ "source.speakers": { shown: 1_000, total: 1_500 } });
  });

  it("answers 404 for an unknown job and 400 for something that is not a job id", async () => {
    const t = await testDeps();
    const app = results(t.deps);
    expect((await app.request("/api/results/20250101-000000-ffffffffffffffffffffffff")).status).toBe(404);
    expect((await app.request("/api/insights/not-a-job")).status).toBe(400);
  });
});
