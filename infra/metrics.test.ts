import { describe, expect, it } from "vitest";
import { bullmqQueueDepth, createMetrics } from "./metrics";

describe("createMetrics", () => {
  it("renders every transcript_ metric and the process metrics in Prometheus text format", async () => {
    const metrics = createMetrics();
    metrics.jobs.inc({ status: "queued" });
    const text = await metrics.render();
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      "transcript_http_request_duration_seconds",
      "transcript_jobs_total",
      "transcript_analyzer_duration_seconds",
      "transcript_llm_tokens_total",
      "transcript_llm_cost_usd_total",
      "transcript_llm_errors_total",
      "transcript_queue_depth",
      "process_cpu_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('transcript_jobs_total{status="queued"} 1');
  });

  it("keeps each process's counters apart: two registries never share a value", async () => {
    const a = createMetrics({ defaultMetrics: false });
    const b = createMetrics({ defaultMetrics: false });
    a.jobs.inc({ status: "completed" }, 3);
    expect(await a.render()).toContain('transcript_jobs_total{status="completed"} 3');
    expect(await b.render()).not.toContain('status="completed"');
  });

  it("reads the queue depth from the callback on every scrape, per queue and state", async () => {
    let waiting = 4;
    const metrics = createMetrics({
      defaultMetrics: false,
      queueDepth: async () => [
        { queue: "llm", waiting, active: 2, delayed: 1 },
        { queue: "control", waiting: 0, active: 1, delayed: 0 },
      ],
    });
    let text = await metrics.render();
    expect(text).toContain('transcript_queue_depth{queue="llm",state="waiting"} 4');
    expect(text).toContain('transcript_queue_depth{queue="llm",state="delayed"} 1');
    expect(text).toContain('transcript_queue_depth{queue="control",state="active"} 1');
    waiting = 0;
    text = await metrics.render();
    expect(text).toContain('transcript_queue_depth{queue="llm",state="waiting"} 0');
  });

  it("still answers a scrape when the queue cannot be read (Redis down), without stale depths", async () => {
    let down = false;
    const metrics = createMetrics({
      defaultMetrics: false,
      queueDepth: async () => {
        if (down) throw new Error("Redis is not reachable");
        return [{ queue: "llm", waiting: 9, active: 0, delayed: 0 }];
      },
    });
    expect(await metrics.render()).toContain('state="waiting"} 9');
    down = true;
    const text = await metrics.render();
    expect(text).toContain("# TYPE transcript_queue_depth gauge");
    expect(text).not.toContain('state="waiting"} 9');
  });

  it("reads BullMQ's counts per queue, counting prioritized tasks as waiting", async () => {
    const asked: string[][] = [];
    const queue = (name: string, counts: Record<string, number>) => ({
      name,
      getJobCounts: async (...types: string[]) => {
        asked.push(types);
        return counts;
      },
    });
    const depth = bullmqQueueDepth([
      queue("llm", { waiting: 2, prioritized: 1, active: 3, delayed: 4 }),
      queue("control", { waiting: 0, prioritized: 0, active: 1, delayed: 0 }),
    ]);
    expect(await depth()).toEqual([
      { queue: "llm", waiting: 3, active: 3, delayed: 4 },
      { queue: "control", waiting: 0, active: 1, delayed: 0 },
    ]);
    expect(asked[0]?.sort()).toEqual(["active", "delayed", "prioritized", "waiting"]);
  });
});
