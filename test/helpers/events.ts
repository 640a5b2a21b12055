import type { EventPayload, EventType, NewJobEvent } from "../../core/jobs/events";

const usage = { inputTokens: 100, cachedInputTokens: 0, outputTokens: 20, reasoningTokens: 0 };
const totals = { usage, costUsd: 0.001, unpricedCalls: 0, calls: 1 };

/** A valid payload of each event type, for tests of the buses and their readers. */
export const EXAMPLE_PAYLOADS: { [T in EventType]: EventPayload<T> } = {
  "job.queued": {
    queuedAt: "2025-10-01T12:00:00.000Z",
    analyzers: { A: ["say-means"], B: [], final: [], insights: true },
    llm: { enabled: true },
  },
  "analyzer.started": { stage: "A", analyzer: "say-means", model: "gpt-5-nano", attempt: 1 },
  "analyzer.completed": {
    stage: "A",
    analyzer: "say-means",
    model: "gpt-5-nano",
    durationMs: 1200,
    usage,
    costUsd: 0.001,
  },
  "analyzer.error": { stage: "A", analyzer: "say-means", error: { code: "llm_timeout", message: "slow" } },
  "stage.completed": { stage: "A", completed: 1, errors: 0, skipped: 0 },
  "insights.updated": { counts: { total: 1, actions: 1, decisions: 0, risks: 0, questions: 0 } },
  "job.completed": { status: "completed", totals, durationMs: 3000, errors: 0 },
  "job.error": { status: "error", error: { code: "internal", message: "The finalize step failed." } },
  "job.cancelled": { status: "cancelled" },
};

/** An event of `type` with a valid payload, changed by `data`. */
export function exampleEvent<T extends EventType>(
  type: T,
  jobId: string,
  ts: string,
  data: Partial<EventPayload<T>> = {},
): NewJobEvent {
  return { type, jobId, ts, data: { ...EXAMPLE_PAYLOADS[type], ...data } } as NewJobEvent;
}
