import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTestDatabase } from "../../test/helpers/databases";
import { createPipelineHarness, fixtureTranscript } from "../../test/helpers/pipeline-harness";
import { byAnalyzer, defaultResponder } from "../../test/llm-double/responders";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import type { InsightsReport } from "../insights/schema";
import type { Transcript } from "../transcript/model";

const double = useLlmDouble();
let meeting: Transcript;
beforeAll(async () => {
  meeting = await fixtureTranscript("ES2002a.vtt");
  // Opening the process's database takes a while: in a hook, not in the first test's time.
  await sharedTestDatabase();
});

const harnesses: Array<{ close(): Promise<void> }> = [];
async function harness(env: Record<string, string> = {}) {
  const h = await createPipelineHarness({
    OPENAI_BASE_URL: double().baseURL,
    OPENAI_API_KEY: "sk-test-1234",
    ...env,
  });
  harnesses.push(h);
  return h;
}
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});

const SMALL = {
  stageA: ["say-means", "power-dynamics"],
  stageB: ["first-principles"],
  final: ["meeting-notes"],
};

describe("the analysis pipeline against the LLM test double", () => {
  it("runs every stage in order, writes each output file and the COMPLETED marker last", async () => {
    const h = await harness();
    const { jobId, doc, events } = await h.run(meeting, { selected: SMALL });
    expect(doc.status).toBe("completed");
    for (const [stage, ids] of [
      ["A", SMALL.stageA],
      ["B", SMALL.stageB],
      ["final", SMALL.final],
    ] as const) {
      for (const id of ids) expect(doc.stages[stage].analyzers[id]?.status).toBe("completed");
    }
    expect(await h.file(jobId, "stage-a/say-means.md")).toMatch(/LLM test double/);
    expect(await h.file(jobId, "stage-b/first-principles.md")).toMatch(/first-principles/);
    expect(await h.file(jobId, "final/meeting-notes.md")).toMatch(/meeting-notes/);
    expect(JSON.parse(await h.file(jobId, "job.json")).status).toBe("completed");
    expect(await h.file(jobId, "COMPLETED")).toMatch(/^\d{4}-/);

    // Stage B starts only after every Stage A call; Final after Stage B.
    const requests = double().requests;
    const at = (id: string) => requests.findIndex((r) => r.analyzer === id);
    expect(at("first-principles")).toBeGreaterThan(Math.max(at("say-means"), at("power-dynamics")));
    expect(at("meeting-notes")).toBeGreaterThan(at("first-principles"));
    expect(at("insights")).toBeGreaterThan(at("meeting-notes"));

    const types = events.map((e) => e.type);
    expect(types[0]).toBe("job.queued");
    expect(types.at(-1)).toBe("job.completed");
    expect(types.filter((t) => t === "stage.completed")).toHaveLength(3);
    expect(types.indexOf("insights.updated")).toBeLessThan(types.indexOf("job.completed"));
  });

  it("puts the transcript first so every Stage A call shares one prefix, with one cache key per job", async () => {
    const h = await harness();
    await h.run(meeting, { selected: { stageA: ["say-means", "soul", "spin"] } });
    const stageA = double().requests.filter((r) => ["say-means", "soul", "spin"].includes(r.analyzer ?? ""));
    expect(stageA).toHaveLength(3);
    const [first, ...rest] = stageA;
    for (const r of rest) {
      expect(r.messages.slice(0, 2)).toEqual(first!.messages.slice(0, 2));
      expect(r.cacheKey).toBe(first!.cacheKey);
    }
    expect(first!.messages[1]!.content).toMatch(/^<transcript>/);
    expect(first!.messages[1]!.content).toContain("[seg-287]");
    // The double's simulated prefix cache served most of the later calls' input.
    const doc = (await h.deps.store.get((await h.deps.store.list({ limit: 1 })).jobs[0]!.jobId))!;
    const cached = ["soul", "spin", "say-means"].map(
      (id) => doc.stages.A.analyzers[id]!.usage!.cachedInputTokens,
    );
    expect(cached.filter((c) => c > 1000).length).toBeGreaterThanOrEqual(2);
  });

  it("uses the model asked for per stage and per request, and the Responses API for gpt-5 models", async () => {
    const h = await harness({ OPENAI_MODEL: "gpt-4.1-mini", OPENAI_MODEL_STAGE_B: "gpt-5-mini" });
    await h.run(meeting, { selected: SMALL, options: { models: { final: "gpt-4o-mini" } } });
    const byId = (id: string) => double().requests.find((r) => r.analyzer === id)!;
    expect(byId("say-means")).toMatchObject({ model: "gpt-4.1-mini", api: "chat" });
    expect(byId("first-principles")).toMatchObject({ model: "gpt-5-mini", api: "responses" });
    expect(byId("meeting-notes")).toMatchObject({ model: "gpt-4o-mini", api: "chat" });
  });

  it("gives Stage B a context of every Stage A output and the computed analyses, and the transcript when asked", async () => {
    const h = await harness();
    await h.run(meeting, { selected: SMALL, options: { stageBOptions: { includeTranscript: false } } });
    const b = double().requests.find((r) => r.analyzer === "first-principles")!;
    const blocks = b.messages[1]!.content;
    expect(blocks).toMatch(/^<context>/);
    expect(blocks).toContain("## Computed analyses");
    expect(blocks).toContain("## Say / Means (say-means, stage A)");
    expect(blocks).toContain("(power-dynamics, stage A)");
    expect(blocks).not.toContain("<transcript>");
    const final = double().requests.find((r) => r.analyzer === "meeting-notes")!;
    expect(final.messages[1]!.content).toContain("<transcript>");
    expect(final.messages[1]!.content).toContain("(first-principles, stage B)");
  });

  it("sums usage and cost per analyzer into the job's totals", async () => {
    const h = await harness({ OPENAI_MODEL: "gpt-5-nano" });
    const { doc } = await h.run(meeting, { selected: SMALL });
    const states = [
      ...Object.values(doc.stages.A.analyzers),
      ...Object.values(doc.stages.B.analyzers),
      ...Object.values(doc.stages.final.analyzers),
      doc.stages.insights,
    ];
    const sum = (f: (s: (typeof states)[number]) => number) => states.reduce((a, s) => a + f(s), 0);
    expect(doc.totals!.usage.inputTokens).toBe(sum((s) => s.usage!.inputTokens));
    expect(doc.totals!.usage.cachedInputTokens).toBe(sum((s) => s.usage!.cachedInputTokens));
    expect(doc.totals!.calls).toBe(double().requests.length);
    expect(doc.totals!.costUsd).toBeCloseTo(
      sum((s) => s.costUsd ?? 0),
      6,
    );
    // gpt-5-nano list price: $0.05 input, $0.005 cached, $0.40 output per million tokens.
    const u = doc.totals!.usage;
    const expected =
      ((u.inputTokens - u.cachedInputTokens) * 0.05 + u.cachedInputTokens * 0.005 + u.outputTokens * 0.4) /
      1e6;
    expect(doc.totals!.costUsd).toBeCloseTo(expected, 6);
  });

  it("marks one failing analyzer as error with the reason and still completes the job", async () => {
    const h = await harness();
    double().setResponder(
      byAnalyzer({
        "power-dynamics": { status: 500, error: { message: "upstream exploded", type: "server_error" } },
      }),
    );
    const { doc, events } = await h.run(meeting, { selected: SMALL });
    expect(doc.status).toBe("completed");
    expect(doc.stages.A.analyzers["power-dynamics"]).toMatchObject({
      status: "error",
      error: { code: "llm_server_error" },
    });
    expect(doc.stages.A.analyzers["say-means"]!.status).toBe("completed");
    expect(doc.errors).toEqual([
      expect.objectContaining({ analyzer: "A.power-dynamics", code: "llm_server_error" }),
    ]);
    expect(events.some((e) => e.type === "analyzer.error" && e.data.analyzer === "power-dynamics")).toBe(
      true,
    );
    // Retried: two attempts (OPENAI_MAX_ATTEMPTS=2) reached the service.
    expect(double().requests.filter((r) => r.analyzer === "power-dynamics")).toHaveLength(2);
  });

  it("treats a truncated answer as an error, never as a result", async () => {
    const h = await harness();
    double().setResponder(byAnalyzer({ "say-means": { truncate: true, text: "half an ans" } }));
    const { jobId, doc } = await h.run(meeting, { selected: { stageA: ["say-means", "soul"] } });
    expect(doc.stages.A.analyzers["say-means"]).toMatchObject({
      status: "error",
      error: { code: "llm_truncated" },
    });
    await expect(h.file(jobId, "stage-a/say-means.md")).rejects.toThrow();
  });

  it("ends in error when no prompt analyzer succeeds, yet still delivers computed analyses and insights", async () => {
    const h = await harness();
    double().setResponder(() => ({
      status: 401,
      error: { message: "Incorrect API key", type: "invalid_request_error", code: "invalid_api_key" },
    }));
    const { jobId, doc, events } = await h.run(meeting, { selected: { stageA: ["say-means"] } });
    expect(doc.status).toBe("error");
    expect(doc.stages.A.analyzers["say-means"]!.error!.code).toBe("llm_auth");
    expect(events.at(-1)!.type).toBe("job.error");
    const insights = JSON.parse(await h.file(jobId, "final/insights.json")) as InsightsReport;
    expect(insights.items.some((i) => i.source === "heuristic")).toBe(true);
    expect(JSON.parse(await h.file(jobId, "computed.json")).speakerStats).toHaveLength(4);
    // 401 is not retried.
    expect(double().requests.filter((r) => r.analyzer === "say-means")).toHaveLength(1);
  });

  it("checks the model's insight evidence: a made-up segment or quote is dropped and the item flagged", async () => {
    const h = await harness();
    double().setResponder(
      byAnalyzer({
        insights: (req, i) => {
          const good = JSON.parse((defaultResponder(req, i) as { text: string }).text) as {
            items: unknown[];
          };
          const bad = {
            type: "risk",
            summary: "The budget could run out",
            owner: null,
            due: null,
            evidence: {
              segmentIds: ["seg-3", "seg-9999"],
              quotes: ["the budget will certainly run out"],
              speakers: [],
            },
            confidence: 0.7,
          };
          return { text: JSON.stringify({ items: [...good.items, bad] }) };
        },
      }),
    );
    const { jobId } = await h.run(meeting, { selected: { stageA: ["say-means"] } });
    const report = JSON.parse(await h.file(jobId, "final/insights.json")) as InsightsReport;
    const bad = report.items.find((i) => i.summary === "The budget could run out")!;
    expect(bad.verified).toBe(false);
    expect(bad.evidence.segmentIds).toEqual(["seg-3"]);
    expect(bad.evidence.quotes).toEqual([]);
    expect(bad.flags.join(" ")).toMatch(/seg-9999/);
    const grounded = report.items.filter((i) => i.source !== "heuristic" && i !== bad);
    expect(grounded.length).toBeGreaterThan(0);
    expect(grounded.every((i) => i.verified)).toBe(true);
    expect(await h.file(jobId, "final/insights.csv")).toMatch(/^id,type,summary/);
  });

  it("without a key or base URL skips prompt analyzers with the reason and still delivers the rest", async () => {
    const h = await createPipelineHarness({});
    harnesses.push(h);
    const { jobId, doc } = await h.run(meeting);
    expect(doc.status).toBe("completed");
    expect(Object.values(doc.stages.A.analyzers)).toHaveLength(9);
    for (const a of Object.values(doc.stages.A.analyzers)) {
      expect(a.status).toBe("skipped");
      expect(a.reason).toMatch(/No OpenAI API key or base URL/);
    }
    expect(doc.stages.insights.status).toBe("skipped");
    const insights = JSON.parse(await h.file(jobId, "final/insights.json")) as InsightsReport;
    expect(insights.counts.total).toBeGreaterThan(0);
    expect(double().requests).toHaveLength(0);
  });
});

describe("a transcript longer than one call", () => {
  it("is analyzed in overlapping chunks at segment boundaries, merged by a reduce call, and the job says so", async () => {
    const h = await harness({ LLM_MAX_INPUT_TOKENS: "6000" });
    const { doc } = await h.run(meeting, {
      selected: { stageA: ["say-means"] },
      options: { insights: false },
    });
    const state = doc.stages.A.analyzers["say-means"]!;
    expect(state.status).toBe("completed");
    expect(state.chunking!.chunks).toBeGreaterThan(1);
    expect(state.chunking!.reduceLevels).toBeGreaterThanOrEqual(1);
    const maps = double().requests.filter((r) => r.analyzer === "say-means");
    const reduces = double().requests.filter((r) => r.analyzer === "reduce");
    expect(maps).toHaveLength(state.chunking!.chunks);
    expect(reduces.length).toBeGreaterThanOrEqual(1);
    // Every segment reaches some request, and no request is over the budget.
    const seen = new Set(
      maps.flatMap((r) => [...r.messages[1]!.content.matchAll(/\[(seg-\d+)\]/g)].map((m) => m[1])),
    );
    for (const s of meeting.segments) expect(seen.has(s.id)).toBe(true);
    const { countMessageTokens } = await import("../llm/tokens");
    for (const r of maps) expect(countMessageTokens(r.messages as never)).toBeLessThanOrEqual(6000);
    expect(maps[1]!.messages.at(-1)!.content).toMatch(/This is part 2 of \d+ of the transcript/);
  });

  it("sends Stage B a summary of the transcript, made once, when the transcript is over maxChars", async () => {
    const h = await harness();
    const { doc } = await h.run(meeting, {
      selected: { stageA: ["say-means"], stageB: ["first-principles", "determining-factors"] },
      options: { stageBOptions: { maxChars: 1000 }, insights: false },
    });
    const summaries = double().requests.filter((r) => r.analyzer === "transcript-summary");
    expect(summaries).toHaveLength(1);
    const b = double().requests.find((r) => r.analyzer === "first-principles")!;
    expect(b.messages[1]!.content).toContain("A summary of the transcript");
    expect(doc.notes.join(" ")).toMatch(/over maxChars 1000, so a summary of it was sent/);
  });
});
