import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, loadDotEnv } from "../config";
import { createLogger } from "../logger";
import { startMetricsServer } from "../metrics-server";
import { createRuntime } from "../runtime";
import { loadQueueFunctions } from "./function-loader";
import { failStart, stopOnFatal } from "./start-up";

/**
 * The worker host: runs the queue functions the manifest names as BullMQ processors on Redis,
 * one worker per queue. Any number of these can run beside the HTTP hosts; BullMQ owns retries,
 * rate limits and the recovery of tasks whose worker died.
 */
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** How long running tasks get to finish on SIGTERM before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 25_000;

loadDotEnv(path.resolve(".env"));
const config = loadConfig();
if (!config.redisUrl) {
  createLogger("worker", config.logLevel).error(
    {},
    "REDIS_URL is not set: the worker takes its tasks from Redis. Set REDIS_URL (e.g. redis://localhost:6379), or run only `npm start`, which runs jobs in its own process (embedded mode).",
  );
  process.exit(2);
}

const startLog = createLogger("worker", config.logLevel);
// Behind the HTTP hosts for the CPU where they share a machine: requests and health answer
// first, and the queue's work takes what is left (it waits on the model most of the time anyway).
if (config.jobs.workerNice > 0) {
  try {
    os.setPriority(Math.min(19, os.getPriority() + config.jobs.workerNice));
  } catch (e) {
    startLog.warn({ err: (e as Error).message }, "could not lower the worker's CPU priority (WORKER_NICE)");
  }
}
const runtime = await createRuntime(config, "worker", {
  functions: await loadQueueFunctions(distDir),
  onFatal: stopOnFatal(startLog),
}).catch((e: unknown) => failStart(startLog, e));
const { log } = runtime;
await runtime.startWorkers();
// Prometheus scrapes each worker here (METRICS_PORT, 0 = off). A taken port (a second worker on
// the same machine) costs that worker its metrics, not its work.
const metricsServer =
  config.metricsPort > 0
    ? await startMetricsServer({
        port: config.metricsPort,
        host: config.host,
        metrics: runtime.metrics,
        log,
      }).catch((err: unknown) => {
        log.warn({ err, port: config.metricsPort }, "metrics server not started: GET /metrics is off here");
        return undefined;
      })
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
  const finished = await runtime.close(SHUTDOWN_TIMEOUT_MS);
  if (!finished) {
    log.warn(
      {},
      "running tasks did not finish in time: another worker takes them over once their lock expires",
    );
  }
  await metricsServer?.close();
  log.info({}, "stopped");
  process.exit(finished ? 0 : 1);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
