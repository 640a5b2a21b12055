import { describe, expect, it } from "vitest";
import type { EventType, NewJobEvent } from "../core/ports";
import { createMemoryEventBus } from "./adapters/memory-events";
import { createMetrics, type Metrics } from "./metrics";
import { observeEvents } from "./observe-events";

const JOB = "20250101-120000-abcdef0123456789abcdef01";
const setup = () => {
  const metrics = createMetrics({ defaultMetrics: false });
  const inner = createMemoryEventBus();
  const events = observeEvents(inner, metrics);
  const publish = (
    type: EventType,
    data: Record<string, unknown> = {},
    ts = "2025-01-01T12:00:00.000Z",
    jobId = JOB,
  ) => events.publish({ type, jobId, ts, data } as NewJobEvent);
  return { metrics, inner, events, publish };
};

const value = async (
  metric: { get(): Promise<{ values: Array<{ labels: object; value: number; metricName?: string }> }> },
  labels: Record<string, string>,
  suffix?: string,
) => {
  const { values } = await metric.get();
  const found = values.find(
    (v) =>
      (suffix === undefined || v.metricName?.endsWith(suffix)) &&
      Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want),
  );
  return found?.value ?? 0;
};
const histogramCount = (m: Metrics["analyzerDuration"], labels: Record<string, string>) =>
  value(m, labels, "_count");
const histogramSum = (m: Metrics["analyzerDuration"], labels: Record<string, string>) =>
  value(m, labels, "_sum");

describe("observeEvents", () => {
  it("counts jobs as they are queued and as they end, by status", async () => {
    const { metrics, publish } = setup();
    await publish("job.queued", {}, undefined, "20250101-120000-1f3ce40415a2081fa3eee75f");
    await publish("job.queued", {}, undefined, "20250101-120000-fb398cc690e15ddba43ee811");
    await publish("job.queued", {}, undefined, "20250101-120000-9fa10fc879d17c2711872c9d");
    await publish(
      "job.completed",
      { status: "completed" },
      undefined,
      "20250101-120000-1f3ce40415a2081fa3eee75f",
    );
    await publish("job.error", { status: "error" }, undefined, "20250101-120000-fb398cc690e15ddba43ee811");
    await publish(
      "job.cancelled",
      { status: "cancelled" },
      undefined,
      "20250101-120000-9fa10fc879d17c2711872c9d",
    );
    expect(await value(metrics.jobs, { status: "queued" })).toBe(3);
    expect(await value(metrics.jobs, { status: "completed" })).toBe(1);
    expect(await value(metrics.jobs, { status: "error" })).toBe(1);
    expect(await value(metrics.jobs, { status: "cancelled" })).toBe(1);
  });

  it("counts a job's end once when it is announced twice (a cancel racing the last step, a retried finalize)", async () => {
    const { metrics, publish } = setup();
    await publish("job.cancelled", { status: "cancelled" });
    await publish("job.cancelled", { status: "cancelled", totals: {} });
    expect(await value(metrics.jobs, { status: "cancelled" })).toBe(1);
  });

  it("records a finished analyzer's time, tokens by kind and cost under its model", async () => {
    const { metrics, publish } = setup();
    await publish("analyzer.completed", {
      stage: "A",
      analyzer: "say-means",
      model: "gpt-5-nano",
      durationMs: 2500,
      usage: { inputTokens: 1200, cachedInputTokens: 1000, outputTokens: 300, reasoningTokens: 64 },
      costUsd: 0.0042,
    });
    const labels = { stage: "A", analyzer: "say-means", model: "gpt-5-nano", status: "completed" };
    expect(await histogramCount(metrics.analyzerDuration, labels)).toBe(1);
    expect(await histogramSum(metrics.analyzerDuration, labels)).toBe(2.5);
    expect(await value(metrics.llmTokens, { model: "gpt-5-nano", kind: "input" })).toBe(1200);
    expect(await value(metrics.llmTokens, { model: "gpt-5-nano", kind: "cached_input" })).toBe(1000);
    expect(await value(metrics.llmTokens, { model: "gpt-5-nano", kind: "output" })).toBe(300);
    expect(await value(metrics.llmTokens, { model: "gpt-5-nano", kind: "reasoning" })).toBe(64);
    expect(await value(metrics.llmCost, { model: "gpt-5-nano" })).toBeCloseTo(0.0042, 10);
  });

  it("adds no cost for a model without a price (costUsd null) but still counts its tokens", async () => {
    const { metrics, publish } = setup();
    await publish("analyzer.completed", {
      stage: "final",
      analyzer: "meeting-notes",
      model: "local-llama",
      durationMs: 100,
      usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 5, reasoningTokens: 0 },
      costUsd: null,
    });
    expect(await value(metrics.llmTokens, { model: "local-llama", kind: "output" })).toBe(5);
    expect((await metrics.llmCost.get()).values).toEqual([]);
  });

  it("counts a failed analyzer by error code and times it from its start, under the model it started with", async () => {
    const { metrics, publish } = setup();
    await publish(
      "analyzer.started",
      { stage: "B", analyzer: "first-principles", model: "gpt-5-mini", attempt: 1 },
      "2025-01-01T12:00:00.000Z",
    );
    await publish(
      "analyzer.error",
      { stage: "B", analyzer: "first-principles", error: { code: "llm_timeout", message: "took too long" } },
      "2025-01-01T12:03:00.000Z",
    );
    await publish("analyzer.error", {
      stage: "A",
      analyzer: "soul",
      error: { code: "llm_rate_limited", message: "429" },
    });
    expect(await value(metrics.llmErrors, { code: "llm_timeout" })).toBe(1);
    expect(await value(metrics.llmErrors, { code: "llm_rate_limited" })).toBe(1);
    const labels = { stage: "B", analyzer: "first-principles", model: "gpt-5-mini", status: "error" };
    expect(await histogramCount(metrics.analyzerDuration, labels)).toBe(1);
    expect(await histogramSum(metrics.analyzerDuration, labels)).toBe(180);
  });

  it("passes every event through unchanged: ids, history and live subscribers behave as the bus does", async () => {
    const { events, publish } = setup();
    const seen: string[] = [];
    const stop = await events.subscribe(JOB, undefined, (e) => seen.push(`${e.id}:${e.type}`));
    const first = await publish("job.queued", { queuedAt: "x" });
    await publish("analyzer.started", { stage: "A", analyzer: "soul", model: "m" });
    stop();
    await publish("job.completed");
    expect(first).toMatchObject({ id: "1", type: "job.queued", jobId: JOB, data: { queuedAt: "x" } });
    expect(seen).toEqual(["1:job.queued", "2:analyzer.started"]);
    expect((await events.history(JOB, "1")).map((e) => e.type)).toEqual([
      "analyzer.started",
      "job.completed",
    ]);
  });

  it("never fails a publish over an event it cannot read", async () => {
    const { metrics, publish } = setup();
    await expect(publish("analyzer.completed", { stage: "A" })).resolves.toMatchObject({ id: "1" });
    await expect(publish("analyzer.error", { error: "boom" })).resolves.toMatchObject({ id: "2" });
    expect((await metrics.analyzerDuration.get()).values.filter((v) => v.value > 0)).toEqual([]);
  });
});
