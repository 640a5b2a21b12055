import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { newJobId } from "../../core/jobs/job-id";
import { runAnalyzerStep } from "../../core/pipeline/analyzer-step";
import { createJob } from "../../core/pipeline/create-job";
import { buildPlan } from "../../core/pipeline/plan";
import { prepareStep } from "../../core/pipeline/prepare-step";
import { parseTranscript } from "../../core/transcript";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { startLlmDouble } from "../../test/llm-double/server";
import analyze from "../analyze";
import { submitAnalysis } from "../analyze/model";
import jobs from "./index";

const testDeps = useTestDeps();

/** A clock a second ahead at each reading, so jobs made one after another never share a createdAt. */
function steppingClock() {
  let t = Date.parse("2025-10-01T09:00:00Z");
  return () => {
    t += 1000;
    return new Date(t);
  };
}

async function setup(env: Record<string, string> = {}) {
  const t = await testDeps(env, { now: steppingClock() });
  const submit = async (title: string, headers: Record<string, string> = {}) => {
    const res = await analyze(t.deps).request(
      "/api/analyze",
      jsonRequest(
        "POST",
        { transcriptText: `Title: ${title}\n\nAlice: Hello there.\nBob: Hi Alice.\n` },
        headers,
      ),
    );
    expect(res.status).toBe(202);
    return (await res.json()).jobId as string;
  };
  return { ...t, app: jobs(t.deps), submit };
}

describe("GET /api/jobs", () => {
  it("lists jobs newest first with their source, stage and totals, and nothing of owner or plan", async () => {
    const { app, submit, idle } = await setup();
    const first = await submit("First");
    const second = await submit("Second");
    await idle();
    const res = await app.request("/api/jobs");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ok).toBe(true);
    expect(body.jobs.map((j: { jobId: string }) => j.jobId)).toEqual([second, first]);
    expect(body.jobs[0]).toEqual({
      jobId: second,
      status: "completed",
      createdAt: expect.any(String),
      finishedAt: expect.any(String),
      source: { format: "text", title: "Second", segments: 2, speakers: ["Alice", "Bob"] },
      stage: "finalize",
      totals: expect.objectContaining({ calls: 0, costUsd: 0 }),
    });
  });

  it("gives at most ?limit= jobs, 20 by default", async () => {
    const { app, submit, idle } = await setup();
    for (let i = 0; i < 3; i++) await submit(`Meeting ${i}`);
    await idle();
    expect((await (await app.request("/api/jobs?limit=2")).json()).jobs).toHaveLength(2);
    expect((await (await app.request("/api/jobs")).json()).jobs).toHaveLength(3);
  });

  it.each(["0", "101", "abc", "-1", "1.5", "", "1e2"])(
    "refuses limit=%j with a 400 that names the range",
    async (limit) => {
      const { app } = await setup();
      const res = await app.request(`/api/jobs?limit=${limit}`);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({
        code: "invalid_request",
        message: "limit: limit must be a whole number from 1 to 100",
      });
    },
  );

  it("shows a token holder only the jobs it submitted", async () => {
    const { app, submit, idle } = await setup({ API_TOKENS: "alpha-token-1,beta-token-2" });
    const alpha = { authorization: "Bearer alpha-token-1" };
    const beta = { authorization: "Bearer beta-token-2" };
    const a1 = await submit("A1", alpha);
    const a2 = await submit("A2", alpha);
    const b1 = await submit("B1", beta);
    await idle();
    const list = async (headers: Record<string, string>) =>
      (await (await app.request("/api/jobs", { headers })).json()).jobs.map(
        (j: { jobId: string }) => j.jobId,
      );
    expect(await list(alpha)).toEqual([a2, a1]);
    expect(await list(beta)).toEqual([b1]);
    const latest = await (await app.request("/api/jobs/latest", { headers: beta })).json();
    expect(latest.job.jobId).toBe(b1);
    expect((await app.request("/api/jobs")).status).toBe(401);
  });

  it("shows every job in open mode, whoever submitted it", async () => {
    const { app, deps } = await setup();
    const text = { transcriptText: "Alice: Hello.\nBob: Hi.\n" };
    const one = await submitAnalysis(text, { owner: "session:aaaaaaaaaaaa", session: null }, deps);
    const two = await submitAnalysis(text, { owner: "token:bbbbbbbbbbbbbbbb", session: null }, deps);
    const ids = (await (await app.request("/api/jobs")).json()).jobs.map((j: { jobId: string }) => j.jobId);
    expect(ids).toEqual([two.jobId, one.jobId]);
  });
});

describe("GET /api/jobs/latest", () => {
  it("is null before any job, then the newest job's summary, still running or not", async () => {
    const { app, submit, idle } = await setup();
    expect(await (await app.request("/api/jobs/latest")).json()).toEqual({ ok: true, job: null });
    await submit("Older");
    const newest = await submit("Newer");
    const body = await (await app.request("/api/jobs/latest")).json();
    expect(body.job).toMatchObject({ jobId: newest, source: { title: "Newer" } });
    await idle();
  });
});

describe("history that lasts", () => {
  it("pages through every job newest first with nextCursor, and filters by status and title text", async () => {
    const { app, submit, idle, deps } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await submit(i === 2 ? "Budget review" : `Weekly sync ${i}`));
    await idle();
    await deps.store.patch(ids[4]!, { status: "error" });
    const seen: string[] = [];
    let url = "/api/jobs?limit=2";
    for (;;) {
      const page = await (await app.request(url)).json();
      expect(page.jobs.length).toBeLessThanOrEqual(2);
      seen.push(...page.jobs.map((j: { jobId: string }) => j.jobId));
      if (page.nextCursor === null) break;
      url = `/api/jobs?limit=2&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual([...ids].reverse());
    const errors = await (await app.request("/api/jobs?status=error")).json();
    expect(errors.jobs.map((j: { jobId: string }) => j.jobId)).toEqual([ids[4]]);
    const budget = await (await app.request("/api/jobs?q=budget")).json();
    expect(budget.jobs.map((j: { source: { title: string } }) => j.source.title)).toEqual(["Budget review"]);
    const bad = await app.request("/api/jobs?status=lost");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^status: status must be one of queued, running/);
    const cursor = await app.request("/api/jobs?cursor=bm90LWEtY3Vyc29y");
    expect(cursor.status).toBe(400);
    expect((await cursor.json()).error.message).toMatch(/^cursor: /);
  });

  it("deletes a job for good with an explicit confirm: its record, results, files and events", async () => {
    const { app, submit, idle, deps, outputDir } = await setup();
    const jobId = await submit("To delete");
    await idle();
    expect(existsSync(path.join(outputDir, "jobs", jobId, "COMPLETED"))).toBe(true);
    const unconfirmed = await app.request(`/api/jobs/${jobId}`, jsonRequest("DELETE", {}));
    expect(unconfirmed.status).toBe(400);
    expect((await unconfirmed.json()).error.message).toContain(`{"confirm": "${jobId}"}`);
    const res = await app.request(`/api/jobs/${jobId}`, jsonRequest("DELETE", { confirm: jobId }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, jobId, deleted: true });
    expect(await deps.store.record(jobId)).toBeNull();
    expect(await deps.events.history(jobId)).toEqual([]);
    expect(existsSync(path.join(outputDir, "jobs", jobId))).toBe(false);
    expect((await (await app.request("/api/jobs")).json()).jobs).toEqual([]);
    const again = await app.request(`/api/jobs/${jobId}`, jsonRequest("DELETE", { confirm: jobId }));
    expect(again.status).toBe(404);
  });

  it("lets only the owner delete: another token holder gets 404, an unauthenticated caller 401", async () => {
    const { app, submit, idle, deps } = await setup({ API_TOKENS: "alpha-token-1,beta-token-2" });
    const jobId = await submit("Alpha's", { authorization: "Bearer alpha-token-1" });
    await idle();
    const asBeta = await app.request(
      `/api/jobs/${jobId}`,
      jsonRequest("DELETE", { confirm: jobId }, { authorization: "Bearer beta-token-2" }),
    );
    expect(asBeta.status).toBe(404);
    expect((await app.request(`/api/jobs/${jobId}`, jsonRequest("DELETE", { confirm: jobId }))).status).toBe(
      401,
    );
    expect(await deps.store.record(jobId)).not.toBeNull();
    const asAlpha = await app.request(
      `/api/jobs/${jobId}`,
      jsonRequest("DELETE", { confirm: jobId }, { authorization: "Bearer alpha-token-1" }),
    );
    expect(asAlpha.status).toBe(200);
  });
});

describe("POST /api/jobs/:jobId/retry", () => {
  it("runs only what an interruption left: the finished analyzer is not called again", async () => {
    const double = await startLlmDouble();
    try {
      const t = await testDeps({ OPENAI_BASE_URL: double.baseURL });
      const app = jobs(t.deps);
      const jobId = newJobId();
      const selected = { stageA: ["say-means", "soul"], stageB: [], final: [] };
      const plan = buildPlan({ transcriptText: "", selected }, await t.deps.prompts.list(), {
        models: t.deps.config.llm.models,
        llmEnabled: true,
      });
      const text = "Title: Retry\n\nAlice: I'll send the report by Friday.\nBob: Fine.\n";
      await createJob({ jobId, transcript: await parseTranscript(text), plan }, t.deps);
      await prepareStep({ jobId }, t.deps);
      await runAnalyzerStep({ jobId, stage: "A", analyzerId: "say-means" }, t.deps);
      // The host stopped here; on restart it finds the job unfinished.
      expect(await t.deps.store.interruptUnfinished(new Date().toISOString())).toEqual([jobId]);
      const interrupted = await (await app.request("/api/jobs")).json();
      expect(interrupted.jobs[0]).toMatchObject({ jobId, status: "interrupted" });

      const res = await app.request(`/api/jobs/${jobId}/retry`, { method: "POST" });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ ok: true, jobId, status: "queued", missing: 1 });
      await t.idle();
      const doc = await t.deps.store.get(jobId);
      expect(doc?.status).toBe("completed");
      expect(doc?.stages.A.analyzers["say-means"]?.status).toBe("completed");
      expect(doc?.stages.A.analyzers.soul?.status).toBe("completed");
      expect(double.requests.filter((r) => r.analyzer === "say-means")).toHaveLength(1);
      expect(double.requests.filter((r) => r.analyzer === "soul")).toHaveLength(1);

      const twice = await app.request(`/api/jobs/${jobId}/retry`, { method: "POST" });
      expect(twice.status).toBe(409);
      expect((await twice.json()).error.message).toBe(
        `Job ${jobId} is completed; only an interrupted job can be retried.`,
      );
    } finally {
      await double.close();
    }
  });
});
