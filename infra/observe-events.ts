import * as v from "valibot";
import { EventPayloadSchemas, isTerminalEvent, TERMINAL_EVENTS } from "../core/jobs/events";
import type { EventBus, JobEvent } from "../core/ports";
import type { Metrics } from "./metrics";

/** Enough to cover the jobs in flight in one process; the oldest entries go first. */
const REMEMBERED = 10_000;

/**
 * The EventBus with metrics on the side: every event the pipeline and the functions publish passes
 * here, so counters move without core knowing about Prometheus. A metrics fault never fails a publish.
 */
export function observeEvents(events: EventBus, metrics: Metrics): EventBus {
  // When each analyzer started (by event time), to time the ones that fail: their event has no duration.
  const started = new Map<string, { ts: number; model: string }>();
  // A job ends once, but a retried finalize or a cancel racing it can say so twice.
  const ended = new Set<string>();

  const trim = (seen: Map<string, unknown> | Set<string>) => {
    if (seen.size > REMEMBERED) seen.delete(seen.keys().next().value as string);
  };

  const observe = (event: JobEvent) => {
    const { type, data } = event;
    if (type === "job.queued") metrics.jobs.inc({ status: "queued" });
    else if (isTerminalEvent(type)) {
      if (ended.has(event.jobId)) return;
      trim(ended.add(event.jobId));
      metrics.jobs.inc({ status: TERMINAL_EVENTS[type] });
    } else if (type === "analyzer.started") {
      const d = v.safeParse(EventPayloadSchemas[type], data);
      if (!d.success) return;
      const key = `${event.jobId}|${d.output.stage}|${d.output.analyzer}`;
      trim(started.set(key, { ts: Date.parse(event.ts), model: d.output.model ?? "unknown" }));
    } else if (type === "analyzer.completed") {
      const d = v.safeParse(EventPayloadSchemas[type], data);
      if (!d.success) return;
      const { stage, analyzer, usage, costUsd, model } = d.output;
      started.delete(`${event.jobId}|${stage}|${analyzer}`);
      metrics.analyzerDuration.observe(
        { stage, analyzer, model, status: "completed" },
        d.output.durationMs / 1000,
      );
      metrics.llmTokens.inc({ model, kind: "input" }, usage.inputTokens);
      metrics.llmTokens.inc({ model, kind: "cached_input" }, usage.cachedInputTokens);
      metrics.llmTokens.inc({ model, kind: "output" }, usage.outputTokens);
      metrics.llmTokens.inc({ model, kind: "reasoning" }, usage.reasoningTokens);
      if (typeof costUsd === "number" && costUsd > 0) metrics.llmCost.inc({ model }, costUsd);
    } else if (type === "analyzer.error") {
      const d = v.safeParse(EventPayloadSchemas[type], data);
      if (!d.success) return;
      const { stage, analyzer } = d.output;
      metrics.llmErrors.inc({ code: d.output.error.code });
      const key = `${event.jobId}|${stage}|${analyzer}`;
      const start = started.get(key);
      started.delete(key);
      const seconds = start ? (Date.parse(event.ts) - start.ts) / 1000 : Number.NaN;
      if (start && Number.isFinite(seconds) && seconds >= 0) {
        metrics.analyzerDuration.observe({ stage, analyzer, model: start.model, status: "error" }, seconds);
      }
    }
  };

  return {
    async publish(event) {
      const published = await events.publish(event);
      try {
        observe(published);
      } catch {
        // Counting is best effort; the event itself was delivered.
      }
      return published;
    },
    history: (jobId, afterId) => events.history(jobId, afterId),
    subscribe: (jobId, afterId, listener) => events.subscribe(jobId, afterId, listener),
    remove: (jobId) => events.remove(jobId),
  };
}
