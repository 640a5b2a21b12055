import { describe, expect, it } from "vitest";
import type { AnalyzerState, JobRecord } from "../../../core/jobs/job";
import { useRedisAdapters } from "./adapters.test-helper";
import { redisKeys } from "./keys";
import { createRedisJobStore } from "./redis-job-store";

const redis = useRedisAdapters();
/** The Redis job store is the store benchmark's baseline now; the adapters' store is SQL. */
const redisStore = async (prefix: string, ttlSeconds = 86_400) => ({
  store: createRedisJobStore(redis.raw(), redisKeys(prefix), ttlSeconds),
});

let counter = 0;
function record(fields: Partial<JobRecord> = {}): JobRecord {
  const n = ++counter;
  return {
    jobId: `20251001-1200${String(n).padStart(2, "0")}-abcdefgh`,
    status: "queued",
    createdAt: new Date(Date.UTC(2025, 9, 1, 12, 0, n)).toISOString(),
    updatedAt: new Date(Date.UTC(2025, 9, 1, 12, 0, n)).toISOString(),
    source: { format: "text", segments: 3, speakers: ["Ann", "Bo"], words: 10 },
    llm: { enabled: true },
    plan: { A: ["say-means", "soul", "spin"], B: [], final: [], insights: true },
    notes: [],
    errors: [],
    ...fields,
  };
}

const state = (id: string, status: AnalyzerState["status"] = "completed"): AnalyzerState => ({
  id,
  name: id,
  stage: "A",
  status,
});

describe("Redis job store", () => {
  it("keeps the first result when several workers store one at the same time", async () => {
    const prefix = redis.newPrefix();
    const workers = await Promise.all([1, 2, 3].map(() => redisStore(prefix)));
    const job = record();
    await workers[0]!.store.create(job, "{}");
    const wrote = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        workers[i % 3]!.store.putResultOnce(job.jobId, "A.say-means", `value ${i}`),
      ),
    );
    expect(wrote.filter(Boolean)).toHaveLength(1);
    const winner = wrote.indexOf(true);
    for (const w of workers) expect(await w.store.result(job.jobId, "A.say-means")).toBe(`value ${winner}`);
  });

  it("keeps every analyzer state and record field that parallel workers write", async () => {
    const prefix = redis.newPrefix();
    const workers = await Promise.all([1, 2, 3].map(() => redisStore(prefix)));
    const job = record({
      plan: { A: Array.from({ length: 24 }, (_, i) => `a${i}`), B: [], final: [], insights: false },
    });
    await workers[0]!.store.create(job, "{}");
    await Promise.all([
      ...job.plan.A.map((id, i) => workers[i % 3]!.store.setAnalyzer(job.jobId, `A.${id}`, state(id))),
      workers[1]!.store.patch(job.jobId, { status: "running", startedAt: "2025-10-01T12:01:00.000Z" }),
      workers[2]!.store.patch(job.jobId, { stage: "A", notes: ["shortened"] }),
    ]);
    const doc = await workers[0]!.store.get(job.jobId);
    expect(Object.values(doc!.stages.A.analyzers).map((a) => a.status)).toEqual(
      job.plan.A.map(() => "completed"),
    );
    expect(doc!.stages.A.status).toBe("completed");
    expect(doc).toMatchObject({
      status: "running",
      stage: "A",
      notes: ["shortened"],
      startedAt: "2025-10-01T12:01:00.000Z",
    });
    expect(doc!.source).toEqual(job.source);
  });

  it("does not start a job that was cancelled meanwhile: a patch guarded by a status it no longer has", async () => {
    const { store } = await redisStore(redis.newPrefix());
    const job = record();
    await store.create(job, "{}");
    await store.patch(job.jobId, { status: "cancelled" });
    expect(await store.patch(job.jobId, { status: "running" }, { ifStatus: "queued" })).toBe(false);
    expect((await store.record(job.jobId))?.status).toBe("cancelled");
    expect(await store.patch(job.jobId, { notes: ["n"] }, { ifStatus: "cancelled" })).toBe(true);
    expect((await store.record(job.jobId))?.notes).toEqual(["n"]);
  });

  it("shows planned analyzers as pending and knows no job it was never given", async () => {
    const { store } = await redisStore(redis.newPrefix());
    const job = record();
    await store.create(job, '{"plan":1}');
    const doc = await store.get(job.jobId);
    expect(doc?.stages.A.status).toBe("pending");
    expect(doc?.stages.A.analyzers.soul?.status).toBe("pending");
    expect(await store.input(job.jobId)).toBe('{"plan":1}');
    await store.patch("20990101-000000-nosuchjb", { status: "running" });
    expect(await store.record("20990101-000000-nosuchjb")).toBeNull();
    expect(await store.get("20990101-000000-nosuchjb")).toBeNull();
  });

  it("gives every key of a job the job TTL and renews it on each write", async () => {
    const prefix = redis.newPrefix();
    const keys = redisKeys(prefix);
    const { store } = await redisStore(prefix, 600);
    const raw = redis.raw();
    const job = record();
    await store.create(job, "{}");
    await store.setAnalyzer(job.jobId, "A.soul", state("soul"));
    await store.putResultOnce(job.jobId, "A.soul", "text");
    const all = [
      keys.job(job.jobId),
      keys.analyzers(job.jobId),
      keys.input(job.jobId),
      keys.results(job.jobId),
    ];
    for (const key of all) {
      const ttl = await raw.ttl(key);
      expect(ttl, key).toBeGreaterThan(590);
      expect(ttl, key).toBeLessThanOrEqual(600);
    }
    for (const key of all) await raw.expire(key, 30);
    await store.patch(job.jobId, { status: "running" });
    for (const key of all) expect(await raw.ttl(key), key).toBeGreaterThan(590);
  });

  it("lists jobs newest first, by owner, and forgets jobs whose keys expired", async () => {
    const prefix = redis.newPrefix();
    const keys = redisKeys(prefix);
    const { store } = await redisStore(prefix);
    const older = record({ owner: "alice" });
    const middle = record({ owner: "bob" });
    const newer = record({ owner: "alice" });
    for (const r of [middle, newer, older]) await store.create(r, "{}");

    const ids = async (q: Parameters<typeof store.list>[0]) => (await store.list(q)).jobs.map((r) => r.jobId);
    expect(await ids({ limit: 10 })).toEqual([newer.jobId, middle.jobId, older.jobId]);
    expect(await ids({ limit: 1 })).toEqual([newer.jobId]);
    expect(await ids({ limit: 10, owner: "alice" })).toEqual([newer.jobId, older.jobId]);
    expect(await ids({ limit: 10, owner: "carol" })).toEqual([]);

    const raw = redis.raw();
    await raw.del(keys.job(newer.jobId), keys.input(newer.jobId));
    expect(await ids({ limit: 10 })).toEqual([middle.jobId, older.jobId]);
    expect(await raw.zscore(keys.history(), newer.jobId)).toBeNull();
    expect(await ids({ limit: 10, owner: "alice" })).toEqual([older.jobId]);
  });
});
