import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** How many tasks wait, run or sit in backoff in one queue, as read at scrape time. */
export interface QueueDepth {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
}

export type TokenKind = "input" | "cached_input" | "output" | "reasoning";

export interface MetricsOptions {
  /** Read on every scrape; a failure (Redis down) leaves the gauge empty rather than failing the scrape. */
  queueDepth?: () => Promise<QueueDepth[]>;
  /** prom-client's process metrics (CPU, memory, event loop lag, GC); on unless a test turns them off. */
  defaultMetrics?: boolean;
}

export type Metrics = ReturnType<typeof createMetrics>;

// HTTP answers are mostly milliseconds; analyzer calls are LLM calls that take seconds to minutes.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const ANALYZER_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 180, 300, 600];

/**
 * The process's Prometheus metrics in a registry of its own (never prom-client's global one), so
 * two hosts in one process, or two tests, do not share counters.
 */
export function createMetrics(options: MetricsOptions = {}) {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpDuration = new Histogram({
    name: "transcript_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by the manifest's route pattern.",
    labelNames: ["route", "method", "status"] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });
  const jobs = new Counter({
    name: "transcript_jobs_total",
    help: "Analysis jobs by what happened to them: queued, then completed, error or cancelled.",
    labelNames: ["status"] as const,
    registers,
  });
  const analyzerDuration = new Histogram({
    name: "transcript_analyzer_duration_seconds",
    help: "Time one analyzer took, model calls included, by outcome.",
    labelNames: ["stage", "analyzer", "model", "status"] as const,
    buckets: ANALYZER_BUCKETS,
    registers,
  });
  const llmTokens = new Counter({
    name: "transcript_llm_tokens_total",
    help: "Tokens the model service reported, by kind.",
    labelNames: ["model", "kind"] as const,
    registers,
  });
  const llmCost = new Counter({
    name: "transcript_llm_cost_usd_total",
    help: "Cost in USD of the priced model calls (calls to a model without a price add nothing).",
    labelNames: ["model"] as const,
    registers,
  });
  const llmErrors = new Counter({
    name: "transcript_llm_errors_total",
    help: "Analyzers that failed for good, by error code (llm_rate_limited, llm_timeout, ...).",
    labelNames: ["code"] as const,
    registers,
  });
  const queueDepth = new Gauge({
    name: "transcript_queue_depth",
    help: "Tasks in a queue by state, read when scraped.",
    labelNames: ["queue", "state"] as const,
    registers,
    async collect() {
      if (!options.queueDepth) return;
      this.reset();
      const depths = await options.queueDepth().catch(() => []);
      for (const d of depths) {
        this.set({ queue: d.queue, state: "waiting" }, d.waiting);
        this.set({ queue: d.queue, state: "active" }, d.active);
        this.set({ queue: d.queue, state: "delayed" }, d.delayed);
      }
    },
  });

  return {
    registry,
    httpDuration,
    jobs,
    analyzerDuration,
    llmTokens,
    llmCost,
    llmErrors,
    queueDepth,
    contentType: registry.contentType as string,
    render: () => registry.metrics(),
  };
}

/** What `queueDepth` needs of a BullMQ Queue (typed by shape, so this module needs no BullMQ). */
interface CountableQueue {
  name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

/** Queue depth read from BullMQ queues; prioritized tasks count as waiting. */
export const bullmqQueueDepth = (queues: readonly CountableQueue[]) => (): Promise<QueueDepth[]> =>
  Promise.all(
    queues.map(async (q) => {
      const c = await q.getJobCounts("waiting", "prioritized", "active", "delayed");
      return {
        queue: q.name,
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
      };
    }),
  );
