import type { JobDocument } from "../../core/jobs/job";
import { deleteOlderThan } from "../../core/pipeline/delete-job";
import type { PipelineDeps } from "../../core/pipeline/deps";
import { failTask } from "../../core/pipeline/fail-task";
import type { JobQueue, QueueTask } from "../../core/ports";
import type { SecretBox } from "../../core/security/secret-box";
import type { FunctionDeps, Logger } from "../../functions/shared/deps";
import { cachedOwners } from "../adapters/fair-order";
import { createMemoryQueue } from "../adapters/memory-queue";
import type { BullmqWorkers } from "../adapters/redis/bullmq-worker";
import type { MigrationError, SqlClient } from "../adapters/sql";
import type { Config } from "../config";
import { createLogger } from "../logger";
import { bullmqQueueDepth, createMetrics, type Metrics, type QueueDepth } from "../metrics";
import { observeEvents } from "../observe-events";
import { observeRetries } from "../observe-tasks";
import { webhookFromConfig } from "../webhook";
import { type CpuPool, createCpuPool } from "./cpu-pool";
import { buildFunctionDeps, pipelineDeps, secretsFor } from "./function-deps";
import { createJobAborts } from "./job-aborts";
import { type Dispatch, dispatcher, type QueueFunctions } from "./queue-dispatch";
import { createStateAdapters, type StateAdapters } from "./state";

/**
 * Who the process is: the HTTP host (embedded mode runs the queue in it too), a BullMQ worker, a
 * FaaS handler of either kind, or the CLI (always embedded, its own files folder).
 */
export type RuntimeRole = "http" | "worker" | "faas-http" | "faas-queue" | "cli";

/** Barriers and bookkeeping never call the model; the prepare step is CPU work, so few at once keep model calls starting on time. */
const CONTROL_CONCURRENCY = 2;
/**
 * Tasks the in-process queue runs at once: a ceiling wide enough for any stage, not the pace of
 * model calls, which the provider sets per service (rates, and a count for a local server).
 */
const EMBEDDED_TASKS = 64;

export interface RuntimeOptions {
  /** The queue functions by task: the hosts load them from the bundles, tests from source. */
  functions?: QueueFunctions;
  log?: Logger;
  /** The CLI's `--out`: the job's files go to this folder instead of `OUTPUT_DIR/jobs/<jobId>`. */
  artifactsFolder?: string;
  /** Backoff of the model provider's own retries (tests make it fast). */
  llmBackoff?: { baseDelayMs: number; maxDelayMs: number };
  /** Memory state and this process's queue even with REDIS_URL set (the CLI always; tests). */
  embedded?: boolean;
  /** Wraps an adapter before anything uses it (tests inject faults this way). */
  wrap?: (state: StateAdapters) => StateAdapters;
  /** A database opened elsewhere instead of DATABASE_URL or DATA_DIR/db (tests share one per process). */
  sql?: SqlClient;
  /** PGlite's folder instead of DATA_DIR/db: the CLI's own library. */
  databaseDir?: string;
  /** A migration failed after start (PostgreSQL came up late): the hosts stop. */
  onFatal?: (error: MigrationError) => void;
}

/** How often the retention sweep runs (RETENTION_DAYS). */
const RETENTION_SWEEP_MS = 3_600_000;

export interface Runtime {
  role: RuntimeRole;
  config: Config;
  log: Logger;
  state: StateAdapters;
  secrets: SecretBox;
  metrics: Metrics;
  pipeline: PipelineDeps;
  /** Where tasks go: BullMQ on Redis, or this process's own queue. */
  queue: JobQueue;
  /** Runs one task with the queue function the manifest assigns to it. */
  run: Dispatch;
  /** A task that failed for good: its job ends as `failTask` says, and the webhook hears of it. */
  failed(task: QueueTask, error: unknown): Promise<void>;
  /** The deps every HTTP function's factory takes, with what the host adds. */
  functionDeps(extra?: Partial<FunctionDeps>): FunctionDeps;
  /** Resolves when this process's own queue has run everything (at once when the queue is Redis). */
  idle(): Promise<void>;
  /** The worker role: BullMQ workers on the llm and control queues, taking tasks until closed. */
  startWorkers(): Promise<BullmqWorkers>;
  /** Lets running work finish (up to `timeoutMs` for workers), then closes every connection. */
  close(timeoutMs?: number): Promise<boolean>;
}

/**
 * The one setup path: config → adapters → pipeline deps → queue, with failure handling, aborts,
 * metrics and the completion webhook wired once. Every host, the FaaS handlers, the CLI and the
 * test helpers call it.
 */
export async function createRuntime(
  config: Config,
  role: RuntimeRole,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const log = options.log ?? createLogger(role, config.logLevel);
  const created = await createStateAdapters(config, log, {
    // A FaaS handler fails fast while Redis is down, so the platform redelivers instead of timing out.
    redisRole: role === "worker" ? "worker" : "http",
    embedded: role === "cli" || options.embedded === true,
    // The HTTP host keeps PGlite's statements off its event loop, as it does its CPU-heavy steps.
    sqlThread: role === "http" && config.cpu.threads > 0,
    ...(options.artifactsFolder ? { artifactsFolder: options.artifactsFolder } : {}),
    ...(options.databaseDir ? { databaseDir: options.databaseDir } : {}),
    ...(options.sql ? { sql: options.sql } : {}),
    ...(options.onFatal ? { onFatal: options.onFatal } : {}),
  });
  const state = options.wrap ? options.wrap(created) : created;
  const secrets = secretsFor(config, log);
  // Where a queue retries (BullMQ, SQS redelivery), the provider tries once per run; in-process
  // queues run each task once, so the provider retries there (one place for retries either way).
  const queueRetries = role === "worker" || role === "faas-queue";
  const pipeline = pipelineDeps(config, state, secrets, {
    ...(queueRetries ? { providerAttempts: 1 } : {}),
    ...(options.llmBackoff ? { backoff: options.llmBackoff } : {}),
  });
  // Long-lived hosts run CPU-heavy steps on worker threads, bounded per step; the CLI and FaaS
  // handlers (one job or request per process) run them inline.
  let cpu: CpuPool | undefined;
  if ((role === "http" || role === "worker") && config.cpu.threads > 0) {
    cpu = createCpuPool({
      threads: config.cpu.threads,
      timeoutMs: config.cpu.stepTimeoutMs,
      memoryMb: config.cpu.stepMemoryMb,
      log,
    });
    pipeline.cpu = cpu;
  }
  let queueDepth = async (): Promise<QueueDepth[]> => [];
  const metrics = createMetrics({ queueDepth: () => queueDepth() });
  pipeline.events = observeEvents(pipeline.events, metrics);
  const aborts = createJobAborts();
  pipeline.signalFor = aborts.signalFor;
  const notify = webhookFromConfig(config, log);

  let queue: JobQueue;
  const dispatch = dispatcher({
    functions: options.functions ?? ({} as QueueFunctions),
    deps: pipeline,
    queue: () => queue,
    ...(notify ? { notify } : {}),
  });
  const run: Dispatch = (task, attempt) => {
    if (!options.functions) throw new TypeError(`the ${role} runtime was given no queue functions`);
    return dispatch(task, attempt);
  };

  const failed = async (task: QueueTask, error: unknown) => {
    log.error({ jobId: task.jobId, task, err: error }, "task failed for good");
    try {
      await failTask(task, error, pipeline);
      const doc = await state.store.get(task.jobId);
      if (doc?.status === "error" && task.name !== "run-analyzer") await notify?.(doc as JobDocument);
    } catch (e) {
      log.error({ jobId: task.jobId, task, err: e }, "could not record the failure on the job");
    }
  };

  let idle = async () => {};
  if (state.queue) {
    queue = state.queue;
    if (state.bullmqQueues) queueDepth = bullmqQueueDepth(state.bullmqQueues);
  } else {
    const local = createMemoryQueue({
      handle: run,
      concurrency: EMBEDDED_TASKS,
      attempts: 1,
      backoffMs: config.jobs.backoffMs,
      onFailed: failed,
      ownerOf: cachedOwners(async (jobId) => (await state.store.record(jobId))?.owner),
    });
    queue = local;
    idle = () => local.idle();
    queueDepth = async () => [{ queue: "embedded", ...local.counts() }];
  }

  // A host that runs its jobs in its own process lost them when it stopped: say so on each, keep
  // what had finished, and let a retry run the rest. (In Redis mode BullMQ recovers the tasks.)
  if (state.mode === "embedded" && (role === "http" || role === "cli")) {
    // Only jobs created before this start: none of this process's own can be caught by it.
    const startedAt = new Date().toISOString();
    const sweep = async () => {
      const interrupted = await state.store.interruptUnfinished(startedAt).catch((e: unknown) => {
        log.warn({ err: e }, "could not look for jobs a stop interrupted");
        return [] as string[];
      });
      if (interrupted.length > 0)
        log.warn(
          { jobs: interrupted },
          `${interrupted.length} job(s) were interrupted when this host last stopped; retry them to finish`,
        );
    };
    // PostgreSQL may come up after this host: the sweep then runs once it is there.
    if (state.database.isReady()) await sweep();
    else void state.database.ready.then(sweep);
  }

  let retention: NodeJS.Timeout | undefined;
  const retentionDays = config.jobs.retentionDays;
  if (retentionDays && role === "http") {
    const sweep = async () => {
      try {
        const deleted = await deleteOlderThan(retentionDays, { ...pipeline, queue });
        if (deleted > 0) log.info({ deleted, retentionDays }, "retention: deleted old jobs");
      } catch (e) {
        log.warn({ err: e }, "retention sweep failed; it runs again within the hour");
      }
    };
    void sweep();
    retention = setInterval(() => void sweep(), RETENTION_SWEEP_MS);
    retention.unref();
  }

  let workers: BullmqWorkers | undefined;
  let workerConnection: { quit(): Promise<unknown>; disconnect(): void } | undefined;

  return {
    role,
    config,
    log,
    state,
    secrets,
    metrics,
    pipeline,
    queue,
    run,
    failed,
    functionDeps: (extra = {}) =>
      buildFunctionDeps({
        config,
        log,
        state,
        queue,
        secrets,
        pipeline,
        extra: { abortJob: aborts.abort, ...extra },
      }),
    idle: () => idle(),
    async startWorkers() {
      if (!config.redisUrl) throw new TypeError("workers take their tasks from Redis: set REDIS_URL");
      const { createBullmqWorkers, createRedisClient, redisKeys } = await import("../adapters/redis");
      const prefix = redisKeys().queuePrefix();
      const connection = createRedisClient(config.redisUrl, "worker", `${prefix}:worker`, log);
      workerConnection = connection;
      workers = createBullmqWorkers({
        connection,
        prefix,
        handle: observeRetries(run, metrics),
        onFailedForGood: failed,
        concurrency: { llm: config.jobs.workerConcurrency, control: CONTROL_CONCURRENCY },
        llmRatePerMinute: config.llm.ratePerMinute,
        lockMs: config.jobs.lockMs,
        log,
      });
      await Promise.all(workers.workers.map((w) => w.waitUntilReady()));
      return workers;
    },
    async close(timeoutMs = 25_000) {
      clearInterval(retention);
      const finished = workers ? await workers.close(timeoutMs) : true;
      await idle();
      if (workerConnection) await workerConnection.quit().catch(() => workerConnection?.disconnect());
      await cpu?.close();
      await state.close();
      return finished;
    },
  };
}
