import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTestDatabase } from "../../test/helpers/databases";
import { createPipelineHarness, fixtureTranscript } from "../../test/helpers/pipeline-harness";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import { newJobId } from "../jobs/job-id";
import { RESULT_KEYS } from "../jobs/stored";
import { runAnalyzerStep } from "./analyzer-step";
import { createJob } from "./create-job";
import { failTask } from "./fail-task";
import { insightsStep } from "./insights-step";
import { buildPlan } from "./plan";
import { prepareStep } from "./prepare-step";

const double = useLlmDouble();
const harnesses: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});

async function job(selected = { stageA: ["say-means"] }) {
  const h = await createPipelineHarness({ OPENAI_BASE_URL: double().baseURL, OPENAI_MAX_ATTEMPTS: "1" });
  harnesses.push(h);
  const plan = buildPlan({ transcriptText: "", selected }, await h.registry.list(), {
    models: h.config.llm.models,
    llmEnabled: true,
  });
  const jobId = newJobId();
  await createJob({ jobId, transcript: await fixtureTranscript("ES2002a.txt"), plan }, h.deps);
  await prepareStep({ jobId }, h.deps);
  return { h, jobId };
}

const rateLimited = {
  status: 429,
  error: { message: "Rate limit reached", type: "rate_limit_error", code: "rate_limit_exceeded" },
  headers: { "retry-after": "2" },
};

// Opening the process's database takes a while: in a hook, not in the first test's time.
beforeAll(async () => {
  await sharedTestDatabase();
});
describe("one analyzer step, as a queue runs it", () => {
  it("asks for another try on a 429 even on its last attempt when the queue requeues rate-limited tasks", async () => {
    const { h, jobId } = await job();
    double().setResponder(() => rateLimited);
    const task = { jobId, stage: "A" as const, analyzerId: "say-means" };
    await expect(
      runAnalyzerStep(task, h.deps, { number: 3, max: 3, requeueOnRateLimit: true }),
    ).rejects.toMatchObject({
      name: "RetryLater",
      cause: { code: "llm_rate_limited", retryAfterMs: 2000 },
    });
    // Where a 429 would use up the last attempt, it is recorded instead.
    const state = await runAnalyzerStep(task, h.deps, { number: 3, max: 3 });
    expect(state).toMatchObject({ status: "error", error: { code: "llm_rate_limited" } });
  });

  it("does not call the model again for an analyzer whose result is stored (a retry after a crash)", async () => {
    const { h, jobId } = await job();
    const task = { jobId, stage: "A" as const, analyzerId: "say-means" };
    const first = await runAnalyzerStep(task, h.deps);
    expect(first.status).toBe("completed");
    // A crash right after the result was written, before the state was: simulate by resetting the state.
    await h.deps.store.setAnalyzer(jobId, "A.say-means", {
      id: "say-means",
      name: "Say / Means",
      stage: "A",
      status: "running",
    });
    const again = await runAnalyzerStep(task, h.deps, { number: 2, max: 3 });
    expect(again.status).toBe("completed");
    expect(double().requests.filter((r) => r.analyzer === "say-means")).toHaveLength(1);
  });
});

describe("the insights step, retried", () => {
  it("does not call the model again when the worker died after the answer, before the report was stored", async () => {
    const { h, jobId } = await job();
    const store = h.deps.store;
    const putResultOnce = store.putResultOnce.bind(store);
    let crashes = 1;
    const crashing = Object.assign(Object.create(store), {
      putResultOnce: async (id: string, key: string, value: string) => {
        if (key === RESULT_KEYS.insights && crashes-- > 0) throw new Error("worker killed");
        return putResultOnce(id, key, value);
      },
    });
    await expect(insightsStep({ jobId }, { ...h.deps, store: crashing })).rejects.toThrow("worker killed");
    expect(await store.result(jobId, RESULT_KEYS.insights)).toBeNull();

    const report = await insightsStep({ jobId }, h.deps, { number: 2, max: 3 });
    expect(double().requests.filter((r) => r.analyzer === "insights")).toHaveLength(1);
    expect(report.items.some((i) => i.source !== "heuristic")).toBe(true);
    expect(await store.result(jobId, RESULT_KEYS.insights)).not.toBeNull();
    expect((await store.analyzers(jobId)).insights?.status).toBe("completed");
  });
});

describe("a task that failed for good", () => {
  it("ends the job in error with the reason when a barrier fails, so it never stays running", async () => {
    const { h, jobId } = await job();
    await failTask({ name: "close-stage", jobId, stage: "A" }, new Error("disk full"), h.deps);
    const doc = await h.deps.store.get(jobId);
    expect(doc).toMatchObject({
      status: "error",
      error: { message: expect.stringMatching(/close-stage step failed/) },
    });
    const events = await h.deps.events.history(jobId);
    expect(events.at(-1)!.type).toBe("job.error");
    expect(JSON.parse(await h.file(jobId, "job.json")).status).toBe("error");
  });

  it("sends the end a finalize that stored its status could not announce, once, and changes no status", async () => {
    const { h, jobId } = await job();
    await h.deps.store.patch(jobId, { status: "completed", updatedAt: new Date().toISOString() });
    await failTask({ name: "finalize", jobId }, new Error("event bus down"), h.deps);
    await failTask({ name: "finalize", jobId }, new Error("event bus down"), h.deps);
    const types = (await h.deps.events.history(jobId)).map((e) => e.type);
    expect(types.filter((t) => t === "job.completed")).toHaveLength(1);
    expect((await h.deps.store.record(jobId))?.status).toBe("completed");
  });

  it("marks only the analyzer as failed when an analyzer task fails for good", async () => {
    const { h, jobId } = await job();
    await failTask(
      { name: "run-analyzer", jobId, stage: "A", analyzerId: "say-means" },
      new Error("worker lost"),
      h.deps,
    );
    const doc = await h.deps.store.get(jobId);
    expect(doc?.status).toBe("queued");
    expect(doc?.stages.A.analyzers["say-means"]).toMatchObject({
      status: "error",
      error: { code: "internal" },
    });
  });
});

describe("the prepare step", () => {
  it("stores the computed analyses once and writes the first files; run again, it changes nothing and says the same next step", async () => {
    const { h, jobId } = await job({ stageA: ["say-means", "soul"] });
    const stored = await h.deps.store.result(jobId, "prepared");
    const prepared = JSON.parse(stored!);
    expect(prepared.computed.speakerStats.map((s: { speaker: string }) => s.speaker)).toContain(
      "Project Manager",
    );
    expect(prepared.transcriptTokens).toBeGreaterThan(1000);
    expect(prepared.values.speakers).toBe("Project Manager, Marketing, Industrial Designer, User Interface");
    expect(JSON.parse(await h.file(jobId, "computed.json"))).toEqual(prepared.computed);
    expect(await h.file(jobId, "transcript.md")).toBe(prepared.transcriptText);
    const again = await prepareStep({ jobId }, h.deps);
    expect(await h.deps.store.result(jobId, "prepared")).toBe(stored);
    expect(again.next).toMatchObject({
      parent: { name: "close-stage", jobId, stage: "A" },
      children: [
        { name: "run-analyzer", analyzerId: "say-means" },
        { name: "run-analyzer", analyzerId: "soul" },
        // The insights' first pass runs beside Stage A.
        { name: "insights", jobId },
      ],
    });
  });
});
