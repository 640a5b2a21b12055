import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTestDatabase } from "../../test/helpers/databases";
import { createPipelineHarness } from "../../test/helpers/pipeline-harness";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import { markdownExport } from "../exports/markdown";
import { createJob } from "../pipeline/create-job";
import { buildPlan } from "../pipeline/plan";
import { parseTranscript } from "../transcript";
import { newJobId } from "./job-id";
import { isUnfinished, loadJobView } from "./job-view";

const double = useLlmDouble();
const TEXT =
  "Title: Weekly sync\nDate: 2025-10-01\n\nAlice: I'll send the report by Friday.\nBob: We decided to ship on Monday.\nAlice: The risk is the vendor may be late.\n";
const SELECTED = { stageA: ["say-means", "power-dynamics"], stageB: [], final: ["composite-note"] };

const harnesses: Array<{ close(): Promise<void> }> = [];
async function harness() {
  const h = await createPipelineHarness({
    OPENAI_BASE_URL: double().baseURL,
    OPENAI_API_KEY: "sk-test-1234",
  });
  harnesses.push(h);
  return h;
}
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});

// Opening the process's database takes a while: in a hook, not in the first test's time.
beforeAll(async () => {
  await sharedTestDatabase();
});
describe("loadJobView", () => {
  it("collects a finished job's status, transcript, computed analyses, outputs in plan order and insights", async () => {
    const h = await harness();
    const { jobId } = await h.run(await parseTranscript(TEXT), { selected: SELECTED });
    const b = await loadJobView(jobId, h.deps.store);
    expect(b.doc.status).toBe("completed");
    expect(isUnfinished(b)).toBe(false);
    expect(b.transcript.title).toBe("Weekly sync");
    expect(b.computed.speakerStats.map((s) => s.speaker).sort()).toEqual(["Alice", "Bob"]);
    expect(b.outputs.map((o) => `${o.stage}.${o.id}`)).toEqual([
      "A.say-means",
      "A.power-dynamics",
      "final.composite-note",
    ]);
    expect(b.outputs[0]!.text).toMatch(/LLM test double/);
    expect(b.outputs[2]!.name).toBe("Composite Note (Obsidian)");
    expect(b.insights.provisional).toBe(false);
    expect(b.insights.report.counts.total).toBeGreaterThan(0);
    expect(b.analyzers.map((a) => a.state.status)).toEqual(["completed", "completed", "completed"]);
  });

  it("of a job that has not run yet has no outputs, provisional insights, and its report says it is queued", async () => {
    const h = await harness();
    const jobId = newJobId();
    const plan = buildPlan({ transcriptText: "", selected: SELECTED }, await h.registry.list(), {
      models: h.config.llm.models,
      llmEnabled: true,
    });
    await createJob(
      { jobId, transcript: await parseTranscript(TEXT), plan, credentials: "sealed-key-4f9a" },
      h.deps,
    );
    const b = await loadJobView(jobId, h.deps.store);
    expect(b.outputs).toEqual([]);
    expect(b.insights.provisional).toBe(true);
    expect(b.analyzers.map((a) => a.state.status)).toEqual(["pending", "pending", "pending"]);
    expect(isUnfinished(b)).toBe(true);
    expect(JSON.stringify(b)).not.toContain("sealed-key-4f9a");
    expect(markdownExport(b)).toContain("This job is still queued");
  });

  it("refuses an unknown job with job_not_found", async () => {
    const h = await harness();
    await expect(loadJobView(newJobId(), h.deps.store)).rejects.toMatchObject({ code: "job_not_found" });
  });
});
