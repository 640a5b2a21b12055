import type { Queue } from "bullmq";
import type {
  ArtifactStore,
  EventBus,
  JobQueue,
  JobStore,
  RateLimiter,
  SessionStore,
  ShareStore,
  UploadStore,
} from "../../core/ports";
import type { HealthReport, Logger } from "../../functions/shared/deps";
import { createFsArtifactStore } from "../adapters/fs-artifacts";
import { createFsUploadStore } from "../adapters/fs-uploads";
import { createMemoryEventBus } from "../adapters/memory-events";
import { createMemoryRateLimiter, createMemorySessionStore } from "../adapters/memory-sessions";
import { createMemoryShareStore } from "../adapters/memory-shares";
import { createMemoryJobStore } from "../adapters/memory-store";
import type { Config } from "../config";

/** The state a host needs, from Redis (scaled out) or from memory (embedded mode). */
export interface StateAdapters {
  mode: "embedded" | "redis";
  store: JobStore;
  events: EventBus;
  sessions: SessionStore;
  /** Read-only share links (issue 12 adds the SQL one beside these). */
  shares: ShareStore;
  limiter: RateLimiter;
  artifacts: ArtifactStore;
  uploads: UploadStore;
  /** The producer side of the queue; absent in embedded mode, where the host runs its own. */
  queue?: JobQueue;
  redisHealth: () => Promise<HealthReport["redis"]>;
  queueCounts?: () => Promise<{ waiting: number; active: number }>;
  /** The BullMQ queues themselves, for the operators' dashboard and queue-depth metrics (Redis mode). */
  bullmqQueues?: readonly Queue[];
  close(): Promise<void>;
}

/**
 * Memory state without REDIS_URL (or when `embedded` is asked for, as the CLI does), else Redis;
 * files on disk either way. `redisRole` decides how Redis clients behave while Redis is down.
 */
export async function createStateAdapters(
  config: Config,
  log: Logger,
  options: { redisRole?: "http" | "worker"; embedded?: boolean; artifactsFolder?: string } = {},
): Promise<StateAdapters> {
  const files = {
    artifacts: createFsArtifactStore(
      config.outputDir,
      options.artifactsFolder ? { folder: options.artifactsFolder } : {},
    ),
    uploads: createFsUploadStore(config.outputDir),
  };
  if (!config.redisUrl || options.embedded) {
    return {
      mode: "embedded",
      store: createMemoryJobStore({ ttlSeconds: config.jobs.ttlSeconds }),
      events: createMemoryEventBus(),
      sessions: createMemorySessionStore(),
      shares: createMemoryShareStore(),
      limiter: createMemoryRateLimiter(),
      ...files,
      redisHealth: async () => "not used",
      close: async () => {},
    };
  }
  const { createRedisAdapters } = await import("../adapters/redis");
  const redis = await createRedisAdapters(config, log, { role: options.redisRole ?? "http" });
  return { mode: "redis", ...files, ...redis };
}
