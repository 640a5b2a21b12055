import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import analyze from "../analyze";
import { openSession, signedInSession } from "../session/session.test-helper";
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

  it("shows every browser the same jobs on a single-user install (open mode on loopback)", async () => {
    const { app, deps, submit, idle } = await setup();
    const [a, b] = [await openSession(deps), await openSession(deps)];
    const one = await submit("From A", a.headers());
    const two = await submit("From B", b.headers());
    await idle();
    const ids = async (headers: Record<string, string>) =>
      (await (await app.request("/api/jobs", { headers })).json()).jobs.map(
        (j: { jobId: string }) => j.jobId,
      );
    expect(await ids(a.headers())).toEqual([two, one]);
    expect(await ids({})).toEqual([two, one]);
  });

  it("keeps each browser session's jobs apart when the install says so (OPEN_MODE_SHARED_HISTORY=false)", async () => {
    const { app, deps, submit, idle } = await setup({ OPEN_MODE_SHARED_HISTORY: "false" });
    const [a, b] = [await openSession(deps), await openSession(deps)];
    const one = await submit("From A", a.headers());
    const two = await submit("From B", b.headers());
    await idle();
    const ids = async (headers: Record<string, string>) =>
      (await (await app.request("/api/jobs", { headers })).json()).jobs.map(
        (j: { jobId: string }) => j.jobId,
      );
    expect(await ids(a.headers())).toEqual([one]);
    expect(await ids(b.headers())).toEqual([two]);
    expect(await ids({})).toEqual([]);
    expect((await (await app.request("/api/jobs/latest", { headers: b.headers() })).json()).job.jobId).toBe(
      two,
    );
  });

  it("gives a token's jobs to every client that signs in with it, and to no other token", async () => {
    const { app, deps, submit, idle } = await setup({ API_TOKENS: "alpha-token-1,beta-token-2" });
    const byHeader = await submit("By header", { authorization: "Bearer alpha-token-1" });
    const laptop = await signedInSession(deps, "alpha-token-1");
    const phone = await signedInSession(deps, "alpha-token-1");
    const byLaptop = await submit("By laptop", laptop.headers());
    await idle();
    const ids = async (headers: Record<string, string>) =>
      (await (await app.request("/api/jobs", { headers })).json()).jobs.map(
        (j: { jobId: string }) => j.jobId,
      );
    expect(await ids(phone.headers())).toEqual([byLaptop, byHeader]);
    expect(await ids({ authorization: "Bearer alpha-token-1" })).toEqual([byLaptop, byHeader]);
    expect(await ids((await signedInSession(deps, "beta-token-2")).headers())).toEqual([]);
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
