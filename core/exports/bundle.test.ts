import { afterAll, describe, expect, it } from "vitest";
import { createPipelineHarness } from "../../test/helpers/pipeline-harness";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import { newJobId } from "../jobs/job-id";
import { createJob } from "../pipeline/create-job";
import { buildPlan } from "../pipeline/plan";
import { parseTranscript } from "../transcript";
import { isUnfinished, loadJobBundle } from "./bundle";
import { markdownExport } from "./markdown";

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

describe("loadJobBundle", () => {
  it("collects a finished job's status, transcript, computed analyses, outputs in plan order and insights", async () => {
    const h = await harness();
    const { jobId } = await h.run(await parseTranscript(TEXT), { selected: SELECTED });
    const b = await loadJobBundle(jobId, h.deps);
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
    expect(b.insights?.counts.total).toBeGreaterThan(0);
  });

  it("of a job that has not run yet has no outputs or insights, and its report says it is queued", async () => {
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
    const b = await loadJobBundle(jobId, h.deps);
    expect(b.outputs).toEqual([]);
    expect(b.insights).toBeNull();
    expect(isUnfinished(b)).toBe(true);
    expect(JSON.stringify(b)).not.toContain("sealed-key-4f9a");
    expect(markdownExport(b)).toContain("This job is still queued");
  });

  it("refuses an unknown job with job_not_found", async () => {
    const h = await harness();
    await expect(loadJobBundle(newJobId(), h.deps)).rejects.toMatchObject({ code: "job_not_found" });
  });
});
