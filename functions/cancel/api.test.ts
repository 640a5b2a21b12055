import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import analyze from "../analyze";
import cancel from "./index";

const double = useLlmDouble({ delayMs: 300 });
const testDeps = useTestDeps();

const TEXT = "Alice: Let's plan the launch.\nBob: I'll draft the announcement by Friday.\n";

describe("POST /api/jobs/:jobId/cancel", () => {
  it("stops a running job: no further stage starts, and subscribers hear job.cancelled", async () => {
    const t = await testDeps({ OPENAI_BASE_URL: double().baseURL });
    const started = await (
      await analyze(t.deps).request(
        "/api/analyze",
        jsonRequest("POST", {
          transcriptText: TEXT,
          selected: { stageA: ["say-means"], stageB: ["first-principles"], final: ["meeting-notes"] },
        }),
      )
    ).json();
    await new Promise((r) => setTimeout(r, 100)); // Stage A is waiting on the model
    const res = await cancel(t.deps).request(`/api/jobs/${started.jobId}/cancel`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, jobId: started.jobId, status: "cancelled" });
    await t.idle();
    const doc = await t.deps.store.get(started.jobId);
    expect(doc?.status).toBe("cancelled");
    expect(doc?.stages.B.analyzers["first-principles"]?.status).toBe("cancelled");
    expect(double().requests.some((r) => r.analyzer === "first-principles")).toBe(false);
    const types = (await t.deps.events.history(started.jobId)).map((e) => e.type);
    expect(types).toContain("job.cancelled");
    expect(types).not.toContain("job.completed");
  });

  it("answers 409 for a job that has already ended and 404 for an unknown one", async () => {
    const t = await testDeps();
    const { jobId } = await (
      await analyze(t.deps).request("/api/analyze", jsonRequest("POST", { transcriptText: TEXT }))
    ).json();
    await t.idle();
    const again = await cancel(t.deps).request(`/api/jobs/${jobId}/cancel`, { method: "POST" });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("conflict");
    const unknown = await cancel(t.deps).request(
      "/api/jobs/20250101-000000-ffffffffffffffffffffffff/cancel",
      {
        method: "POST",
      },
    );
    expect(unknown.status).toBe(404);
    const bad = await cancel(t.deps).request("/api/jobs/..%2F..%2Fetc/cancel", { method: "POST" });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
  });
});
