import path from "node:path";
import { fileURLToPath } from "node:url";
import { createFsArtifactStore } from "../adapters/fs-artifacts";
import { createFsUploadStore } from "../adapters/fs-uploads";
import { createBullmqWorkers, createRedisAdapters, createRedisClient, redisKeys } from "../adapters/redis";
import { loadConfig, loadDotEnv } from "../config";
import { createLogger } from "../logger";
import { createMetrics } from "../metrics";
import { startMetricsServer } from "../metrics-server";
import { observeEvents } from "../observe-events";
import { observeRetries } from "../observe-tasks";
import { webhookFromConfig } from "../webhook";
import type { StateAdapters } from "./adapters";
import { pipelineDeps, secretsFor } from "./function-deps";
import { loadQueueFunctions } from "./function-loader";
import { dispatcher } from "./queue-dispatch";

/**
 * The worker host: runs the queue functions the manifest names as BullMQ processors on Redis,
 * one worker per queue. Any number of these can run beside the HTTP hosts; BullMQ owns retries,
 * rate limits and the recovery of tasks whose worker died.
 */
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Barriers and bookkeeping never call the model; the prepare step is CPU work, so few at once keep model calls starting on time. */
const CONTROL_CONCURRENCY = 2;
/** How long running tasks get to finish on SIGTERM before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 25_000;

loadDotEnv(path.resolve(".env"));
const config = loadConfig();
const log = createLogger("worker", config.logLevel);
if (!config.redisUrl) {
  log.error(
    {},
    "REDIS_URL is not set: the worker takes its tasks from Redis. Set REDIS_URL (e.g. redis://localhost:6379), or run only `npm start`, which runs jobs in its own process (embedded mode).",
  );
  process.exit(2);
}
const redisUrl = config.redisUrl;

const redis = await createRedisAdapters(config, log, { role: "worker" });
const state: StateAdapters = {
  mode: "redis",
  ...redis,
  artifacts: createFsArtifactStore(config.outputDir),
  uploads: createFsUploadStore(config.outputDir),
};
const secrets = secretsFor(config, log);
// One attempt per task run: BullMQ retries (with backoff, and without an attempt for a 429).
const pipeline = pipelineDeps(config, state, secrets, 1);
const metrics = createMetrics();
pipeline.events = observeEvents(pipeline.events, metrics);
const functions = await loadQueueFunctions(distDir);
const notify = webhookFromConfig(config, log);

const connection = createRedisClient(redisUrl, "worker", `${redisKeys().queuePrefix()}:worker`, log);
const workers = createBullmqWorkers({
  connection,
  prefix: redisKeys().queuePrefix(),
  handle: observeRetries(
    dispatcher({ functions, deps: pipeline, queue: () => redis.queue, ...(notify ? { notify } : {}) }),
    metrics,
  ),
  concurrency: { llm: config.jobs.workerConcurrency, control: CONTROL_CONCURRENCY },
  llmRatePerMinute: config.llm.ratePerMinute,
  lockMs: config.jobs.lockMs,
  log,
});
await Promise.all(workers.workers.map((w) => w.waitUntilReady()));
// Prometheus scrapes each worker here (METRICS_PORT, 0 = off). A taken port (a second worker on
// the same machine) costs that worker its metrics, not its work.
const metricsServer =
  config.metricsPort > 0
    ? await startMetricsServer({ port: config.metricsPort, host: config.host, metrics, log }).catch(
        (err: unknown) => {
          log.warn({ err, port: config.metricsPort }, "metrics server not started: GET /metrics is off here");
          return undefined;
        },
      )
    : undefined;
log.info(
  {
    metricsPort: metricsServer?.port ?? "off",
    concurrency: config.jobs.workerConcurrency,
    llmRatePerMinute: config.llm.ratePerMinute || "unlimited",
    attempts: config.jobs.attempts,
    llm: config.llm.configured ? config.llm.model : "not configured (computed analyses only)",
  },
  "worker ready: taking tasks from the llm and control queues",
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down: taking no new tasks; letting running ones finish");
  const finished = await workers.close(SHUTDOWN_TIMEOUT_MS);
  if (!finished) {
    log.warn(
      {},
      "running tasks did not finish in time: another worker takes them over once their lock expires",
    );
  }
  await metricsServer?.close();
  await connection.quit().catch(() => connection.disconnect());
  await state.close();
  log.info({}, "stopped");
  process.exit(finished ? 0 : 1);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
