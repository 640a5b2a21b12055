import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { EventBus, JobQueue, RateLimiter, SessionStore } from "../../../core/ports";
import type { HealthReport, Logger } from "../../../functions/shared/deps";
import type { Config } from "../../config";
import { createBullmqQueue } from "./bullmq-queue";
import { createRedisClient, guarded, ping, type RedisRole, waitUntilReady } from "./connection";
import { DEFAULT_PREFIX, redisKeys } from "./keys";
import { createRedisEventBus } from "./redis-event-bus";
import { createRedisRateLimiter } from "./redis-rate-limiter";
import { createRedisSessionStore } from "./redis-sessions";

export { createBullmqQueue } from "./bullmq-queue";
export { createBullmqWorkers } from "./bullmq-worker";
export { createRedisClient } from "./connection";
export { redisKeys } from "./keys";
export { createRedisJobStore } from "./redis-job-store";

/** What Redis is for: motion, not memory. Jobs live in the SQL store. */
export interface RedisAdapters {
  events: EventBus;
  sessions: SessionStore;
  limiter: RateLimiter;
  queue: JobQueue;
  redisHealth: () => Promise<HealthReport["redis"]>;
  queueCounts: () => Promise<{ waiting: number; active: number }>;
  bullmqQueues: readonly Queue[];
  close(): Promise<void>;
}

/** An http request never waits longer than this for Redis, whatever BullMQ does inside. */
const HTTP_DEADLINE_MS = 3_000;
/** How long the http host waits for Redis at start before it serves anyway (answering 503). */
const HTTP_START_WAIT_MS = 5_000;

/**
 * Events, sessions, rate limits and the queue on one Redis (`REDIS_URL`). Every key
 * is under one prefix (`ta:`). In the http role a Redis outage makes every method fail at once
 * with `store_unavailable` (503); in the worker role they wait for Redis to come back.
 */
export async function createRedisAdapters(
  config: Config,
  log: Logger,
  options: { role: RedisRole; prefix?: string },
): Promise<RedisAdapters> {
  const url = config.redisUrl;
  if (!url) throw new TypeError("createRedisAdapters needs REDIS_URL");
  const { role } = options;
  const keys = redisKeys(options.prefix ?? DEFAULT_PREFIX);
  const redis = createRedisClient(url, role, `${keys.queuePrefix()}:${role}`, log);
  if (role === "http" && !(await waitUntilReady(redis, HTTP_START_WAIT_MS))) {
    log.warn({}, "Redis is not reachable yet: requests that need it answer 503 until it is");
  }
  await checkEvictionPolicy(redis, log);

  const ttl = config.jobs.ttlSeconds;
  const events = createRedisEventBus({
    redis,
    keys,
    ttlSeconds: ttl,
    // The one blocking reader of this process: it waits out outages instead of failing fast.
    createReader: () =>
      createRedisClient(url, role, `${keys.queuePrefix()}:events`, log, {
        enableOfflineQueue: true,
        maxRetriesPerRequest: null,
        commandTimeout: undefined,
      }),
  });
  const queue = createBullmqQueue({
    connection: redis,
    prefix: keys.queuePrefix(),
    attempts: config.jobs.attempts,
    backoffMs: config.jobs.backoffMs,
    log,
  });
  const deadline = role === "http" ? HTTP_DEADLINE_MS : undefined;
  const guard = <T extends object>(target: T) => guarded(target, deadline);

  return {
    events: guard({
      publish: events.publish,
      history: events.history,
      subscribe: events.subscribe,
      remove: events.remove,
    }),
    sessions: guard(createRedisSessionStore(redis, keys)),
    limiter: guard(createRedisRateLimiter(redis, keys)),
    queue: guard({ enqueue: queue.enqueue, enqueueFlow: queue.enqueueFlow, cancel: queue.cancel }),
    redisHealth: () => ping(redis),
    queueCounts: guard({ counts: queue.counts }).counts,
    bullmqQueues: queue.queues,
    async close() {
      events.close();
      await queue.close().catch(() => {});
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** BullMQ loses jobs when Redis evicts keys; say so at start. CONFIG may be disabled (managed Redis). */
async function checkEvictionPolicy(redis: Redis, log: Logger): Promise<void> {
  try {
    const reply = (await redis.config("GET", "maxmemory-policy")) as string[];
    const policy = reply[1];
    if (policy && policy !== "noeviction") {
      log.warn(
        { policy },
        `Redis maxmemory-policy is ${policy}: set it to noeviction, or Redis may drop queued jobs under memory pressure`,
      );
    }
  } catch {
    // CONFIG is often renamed or disabled on managed Redis; the check is advice, not a requirement.
  }
}
