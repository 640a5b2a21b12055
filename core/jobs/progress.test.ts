import { describe, expect, it } from "vitest";
import { EXAMPLE_PAYLOADS } from "../../test/helpers/events";
import { assembleDocument } from "./document";
import type { EventPayload, EventType, JobEvent } from "./events";
import type { AnalyzerState, JobRecord } from "./job";
import * as progress from "./progress";

const JOB = "20251001-120000-abcdefgh";
const PLAN = { A: ["say-means", "looping"], B: [], final: ["meeting-notes"], insights: true };
const usage = (input: number, output: number) => ({
  inputTokens: input,
  cachedInputTokens: 0,
  outputTokens: output,
  reasoningTokens: 0,
});

let seq = 0;
function event<T extends EventType>(
  type: T,
  data: Partial<EventPayload<T>> = {},
  ts = "2025-10-01T12:00:05.000Z",
) {
  return {
    id: String(++seq),
    type,
    jobId: JOB,
    ts,
    data: { ...EXAMPLE_PAYLOADS[type], ...data },
  } as JobEvent;
}
const started = (analyzer: string, stage: "A" | "final" | "insights" = "A") =>
  event("analyzer.started", { stage, analyzer, model: "gpt-5-nano" });
const completed = (
  analyzer: string,
  costUsd: number | null = 0.002,
  stage: "A" | "final" | "insights" = "A",
) => event("analyzer.completed", { stage, analyzer, durationMs: 1500, usage: usage(1000, 200), costUsd });

function record(status: JobRecord["status"], plan: JobRecord["plan"] = PLAN): JobRecord {
  return {
    jobId: JOB,
    status,
    createdAt: "2025-10-01T12:00:00.000Z",
    updatedAt: "2025-10-01T12:00:00.000Z",
    source: { format: "text", segments: 10, speakers: ["Alice", "Bob"], words: 120 },
    llm: { enabled: true },
    plan,
    notes: [],
    errors: [],
  };
}
const state = (
  stage: "A" | "final",
  id: string,
  status: AnalyzerState["status"],
  more: Partial<AnalyzerState> = {},
) => ({
  [`${stage}.${id}`]: { id, name: id, stage, status, ...more } satisfies AnalyzerState,
});
const replay = (s: progress.JobProgress, events: JobEvent[]) => events.reduce(progress.reduce, s);
const statuses = (s: progress.JobProgress) =>
  Object.fromEntries(s.steps.map((x) => [progress.stepKey(x), x.status]));

describe("a job's progress from its events", () => {
  it("follows the steps in order: running, done, counted per stage, with the cost so far", () => {
    const start = progress.fromPlan(PLAN);
    expect(statuses(start)).toEqual({
      "A.say-means": "pending",
      "A.looping": "pending",
      "final.meeting-notes": "pending",
      insights: "pending",
    });
    const mid = replay(start, [started("say-means"), started("looping"), completed("say-means")]);
    expect(mid.status).toBe("running");
    expect(progress.running(mid).map((s) => s.id)).toEqual(["looping"]);
    expect(progress.counts(mid).A).toEqual({ done: 1, total: 2 });
    expect(progress.counts(mid).final).toEqual({ done: 0, total: 1 });
    expect(progress.counts(mid).all).toEqual({ done: 1, total: 4 });
    expect(progress.spend(mid)).toEqual({ usage: usage(1000, 200), costUsd: 0.002, unpricedCalls: 0 });
    const step = mid.steps.find((s) => s.id === "say-means")!;
    expect(step).toMatchObject({
      model: "gpt-5-nano",
      durationMs: 1500,
      startedAt: "2025-10-01T12:00:05.000Z",
    });

    const failed = progress.reduce(
      mid,
      event("analyzer.error", { analyzer: "looping", error: { code: "llm_timeout", message: "Too slow." } }),
    );
    expect(failed.steps[1]).toMatchObject({
      status: "error",
      error: { code: "llm_timeout", message: "Too slow." },
    });
    expect(progress.counts(failed).A).toEqual({ done: 2, total: 2 });
    const staged = progress.reduce(failed, event("stage.completed", { stage: "A" }));
    expect(staged.stagesDone).toEqual(["A"]);
  });

  it("is unchanged by events replayed after a reconnect, so nothing is counted or logged twice", () => {
    const events = [started("say-means"), completed("say-means"), event("stage.completed", { stage: "A" })];
    const once = replay(progress.fromPlan(PLAN), events);
    const twice = replay(once, events);
    expect(twice).toBe(once);
    expect(progress.spend(twice).costUsd).toBe(0.002);
    expect(progress.newlyDone(once, twice)).toEqual([]);
    // A late `started` of a finished step does not send it back to running.
    expect(progress.reduce(once, started("say-means"))).toBe(once);
  });

  it("names the steps that finished with each change, once", () => {
    const a = replay(progress.fromPlan(PLAN), [started("say-means")]);
    const b = progress.reduce(a, completed("say-means"));
    expect(progress.newlyDone(a, b).map((s) => s.id)).toEqual(["say-means"]);
    expect(progress.newlyDone(b, progress.reduce(b, completed("say-means")))).toEqual([]);
  });

  it("ends with a terminal event: status, end time, the job's totals, and nothing after it", () => {
    const totals = { usage: usage(5000, 900), costUsd: 0.0123, unpricedCalls: 0, calls: 5 };
    const running = replay(progress.fromPlan(PLAN), [started("say-means"), completed("say-means")]);
    const done = progress.reduce(running, event("job.completed", { totals }, "2025-10-01T12:01:00.000Z"));
    expect(done).toMatchObject({ status: "completed", finishedAt: "2025-10-01T12:01:00.000Z", totals });
    expect(progress.spend(done)).toBe(totals);
    expect(progress.reduce(done, completed("looping"))).toBe(done);
    expect(progress.reduce(done, event("job.error"))).toBe(done);
  });

  it("cancels with the job whatever had not finished, and keeps the error of a failed job", () => {
    const running = replay(progress.fromPlan(PLAN), [
      started("say-means"),
      completed("say-means"),
      started("looping"),
    ]);
    const cancelled = progress.reduce(running, event("job.cancelled"));
    expect(statuses(cancelled)).toEqual({
      "A.say-means": "completed",
      "A.looping": "cancelled",
      "final.meeting-notes": "cancelled",
      insights: "cancelled",
    });
    const failed = progress.reduce(
      running,
      event("job.error", { error: { code: "internal", message: "The finalize step failed." } }),
    );
    expect(failed.error).toEqual({ code: "internal", message: "The finalize step failed." });
    expect(failed.steps[1]!.status).toBe("running");
  });

  it("keeps the insight counts the insights step reports", () => {
    const counts = { total: 3, actions: 2, decisions: 1, risks: 0, questions: 0 };
    const s = progress.reduce(progress.fromPlan(PLAN), event("insights.updated", { counts }));
    expect(s.insights).toEqual(counts);
  });

  it("shows the insights review as a step of its own, so the job is not all done while it runs", () => {
    const start = progress.fromPlan({ ...PLAN, review: true });
    expect(start.steps.map(progress.stepKey)).toEqual([
      "A.say-means",
      "A.looping",
      "final.meeting-notes",
      "insights",
      "insights.review",
    ]);
    const firstDone = replay(start, [
      started("insights", "insights"),
      completed("insights", 0.001, "insights"),
      started("insights-review", "insights"),
    ]);
    expect(statuses(firstDone)).toMatchObject({ insights: "completed", "insights.review": "running" });
    expect(progress.counts(firstDone).insights).toEqual({ done: 1, total: 2 });
    const reviewed = progress.reduce(firstDone, completed("insights-review", 0.003, "insights"));
    expect(statuses(reviewed)["insights.review"]).toBe("completed");
    expect(progress.counts(reviewed).insights).toEqual({ done: 2, total: 2 });
    expect(progress.spend(reviewed).costUsd).toBeCloseTo(0.004);
  });

  it("ignores an event about a step the plan does not have", () => {
    const start = progress.fromPlan({ ...PLAN, insights: false });
    expect(start.steps.map((s) => s.id)).not.toContain("insights");
    expect(progress.reduce(start, completed("insights", 0.001, "insights"))).toBe(start);
  });
});

describe("a job's progress from its status document", () => {
  it("has the plan's steps in order, the insights step last, and the stages done", () => {
    const doc = assembleDocument(record("running"), {
      ...state("A", "say-means", "completed", { costUsd: null, usage: usage(10, 5) }),
      ...state("A", "looping", "completed"),
      ...state("final", "meeting-notes", "running"),
    });
    const s = progress.fromDocument(doc);
    expect(s.steps.map(progress.stepKey)).toEqual([
      "A.say-means",
      "A.looping",
      "final.meeting-notes",
      "insights",
    ]);
    expect(s.stagesDone).toEqual(["A"]);
    expect(progress.spend(s)).toEqual({ usage: usage(10, 5), costUsd: 0, unpricedCalls: 1 });
    expect(
      progress.fromDocument(assembleDocument(record("queued", { ...PLAN, insights: false }), {})).steps,
    ).toHaveLength(3);
    // A planned review is pending in the document until its worker reports.
    const reviewed = progress.fromDocument(
      assembleDocument(record("running", { ...PLAN, review: true }), {}),
    );
    expect(statuses(reviewed)).toMatchObject({ insights: "pending", "insights.review": "pending" });
  });

  it("of a cancelled job shows what had not finished as cancelled", () => {
    const doc = assembleDocument(record("cancelled"), state("A", "say-means", "running"));
    expect(new Set(Object.values(statuses(progress.fromDocument(doc))))).toEqual(new Set(["cancelled"]));
  });

  it("syncs with a polled document, keeping what the events already showed further along", () => {
    const counts = { total: 1, actions: 1, decisions: 0, risks: 0, questions: 0 };
    const seen = replay(progress.fromPlan(PLAN), [
      started("say-means"),
      completed("say-means"),
      event("insights.updated", { counts }),
    ]);
    // The document was read before say-means finished, but after looping did.
    const doc = assembleDocument(record("running"), {
      ...state("A", "say-means", "running"),
      ...state("A", "looping", "completed", { durationMs: 900 }),
    });
    const synced = progress.sync(seen, doc);
    expect(statuses(synced)).toMatchObject({ "A.say-means": "completed", "A.looping": "completed" });
    expect(synced.steps[1]!.durationMs).toBe(900);
    expect(synced.insights).toEqual(counts);
    expect(synced.createdAt).toBe("2025-10-01T12:00:00.000Z");

    const ended = progress.reduce(synced, event("job.completed"));
    expect(progress.sync(ended, doc)).toBe(ended);
    const finalDoc = assembleDocument({ ...record("completed"), finishedAt: "2025-10-01T12:02:00.000Z" }, {});
    expect(progress.sync(ended, finalDoc).finishedAt).toBe("2025-10-01T12:02:00.000Z");
  });
});
