import { existsSync } from "node:fs";
import path from "node:path";
import type { Queue } from "bullmq";
import { AppError } from "../../core/errors";
import type {
  ArtifactStore,
  AskThreads,
  EventBus,
  JobQueue,
  JobStore,
  MeetingEditor,
  RateLimiter,
  SearchIndex,
  SessionStore,
  ShareStore,
  UploadStore,
} from "../../core/ports";
import type { PromptStore } from "../../core/prompts/store";
import type { HealthReport, Logger } from "../../functions/shared/deps";
import { createFsArtifactStore } from "../adapters/fs-artifacts";
import { createFsPromptStore } from "../adapters/fs-prompts";
import { createFsUploadStore } from "../adapters/fs-uploads";
import { createMemoryEventBus } from "../adapters/memory-events";
import { createMemoryRateLimiter, createMemorySessionStore } from "../adapters/memory-sessions";
import { type MigrationError, openSqlState, type SqlClient } from "../adapters/sql";
import type { Config } from "../config";
import { threadScript } from "./thread-script";

/**
 * The state a host needs: jobs and prompts in the SQL store (PostgreSQL or PGlite) in every mode;
 * events, sessions, rate limits and the queue in Redis (scaled out) or in memory (embedded mode).
 */
export interface StateAdapters {
  mode: "embedded" | "redis";
  store: JobStore;
  prompts: PromptStore;
  /** The meetings' full-text index, in the SQL store beside them. */
  search: SearchIndex;
  /** Questions asked of each meeting, with their answers. */
  threads: AskThreads;
  /** Speakers renamed on a stored meeting. */
  meetings: MeetingEditor;
  events: EventBus;
  sessions: SessionStore;
  /** Read-only share links, in the SQL store beside the jobs. */
  shares: ShareStore;
  limiter: RateLimiter;
  artifacts: ArtifactStore;
  uploads: UploadStore;
  /** The producer side of the queue; absent in embedded mode, where the host runs its own. */
  queue?: JobQueue;
  database: {
    engine: SqlClient["engine"];
    health: () => Promise<HealthReport["database"]>;
    /** Resolves once the database is reachable and migrated (at once for PGlite). */
    ready: Promise<void>;
    isReady: () => boolean;
  };
  redisHealth: () => Promise<HealthReport["redis"]>;
  queueCounts?: () => Promise<{ waiting: number; active: number }>;
  /** The BullMQ queues themselves, for the operators' dashboard and queue-depth metrics (Redis mode). */
  bullmqQueues?: readonly Queue[];
  close(): Promise<void>;
}

export interface StateOptions {
  redisRole?: "http" | "worker";
  embedded?: boolean;
  artifactsFolder?: string;
  /** PGlite's folder instead of `DATA_DIR/db` (the CLI's own library). */
  databaseDir?: string;
  /** A database opened elsewhere (tests share one per process). */
  sql?: SqlClient;
  /** PGlite on a thread of its own, off the host's event loop (long-lived hosts). */
  sqlThread?: boolean;
  onFatal?: (error: MigrationError) => void;
}

/** Where PGlite keeps the database when no DATABASE_URL is set. */
export const databaseDirOf = (config: Pick<Config, "dataDir">) => path.join(config.dataDir, "db");

/**
 * The SQL store first (DATABASE_URL, else PGlite in DATA_DIR), then memory state without
 * REDIS_URL (or when `embedded` is asked for, as the CLI does), else Redis; files on disk either way.
 */
export async function createStateAdapters(
  config: Config,
  log: Logger,
  options: StateOptions = {},
): Promise<StateAdapters> {
  const embedded = !config.redisUrl || options.embedded === true;
  const databaseUrl = options.databaseDir ? undefined : config.databaseUrl;
  if (!embedded && !databaseUrl && !options.sql) {
    throw new AppError(
      "invalid_request",
      "REDIS_URL is set but DATABASE_URL is not: the app and its workers share jobs through one PostgreSQL database. " +
        "Set DATABASE_URL (e.g. postgres://user:password@localhost:5432/transcripts), or unset REDIS_URL to run everything in one process.",
    );
  }
  const sql = await openSqlState({
    ...(databaseUrl ? { url: databaseUrl } : { dir: options.databaseDir ?? databaseDirOf(config) }),
    ...(options.sql ? { client: options.sql } : {}),
    ...(options.sqlThread
      ? { thread: threadScript("./pglite-thread.mjs", "../adapters/sql/pglite-thread.ts") }
      : {}),
    role: options.redisRole === "worker" ? "worker" : "http",
    log,
    ...(options.onFatal ? { onFatal: options.onFatal } : {}),
  });
  await importFilePrompts(path.join(config.dataDir, "prompts"), sql.prompts, log).catch((e: unknown) =>
    log.warn({ err: e }, "could not import the prompt edits kept as files; they stay in DATA_DIR/prompts"),
  );
  const common = {
    store: sql.jobs,
    prompts: sql.prompts,
    shares: sql.shares,
    search: sql.search,
    threads: sql.threads,
    meetings: sql.meetings,
    database: { engine: sql.engine, health: sql.health, ready: sql.ready, isReady: sql.isReady },
    artifacts: createFsArtifactStore(
      config.outputDir,
      options.artifactsFolder ? { folder: options.artifactsFolder } : {},
    ),
    uploads: createFsUploadStore(config.outputDir),
  };
  if (embedded) {
    return {
      mode: "embedded",
      ...common,
      events: createMemoryEventBus(),
      sessions: createMemorySessionStore(),
      limiter: createMemoryRateLimiter(),
      redisHealth: async () => "not used",
      close: () => sql.close(),
    };
  }
  try {
    const { createRedisAdapters } = await import("../adapters/redis");
    const redis = await createRedisAdapters(config, log, {
      role: options.redisRole ?? "http",
      ownerOf: async (jobId) => (await sql.jobs.record(jobId))?.owner,
    });
    return {
      mode: "redis",
      ...common,
      ...redis,
      async close() {
        await redis.close();
        await sql.close();
      },
    };
  } catch (e) {
    await sql.close();
    throw e;
  }
}

/**
 * Prompt edits and custom analyzers an earlier version kept as files in DATA_DIR/prompts, moved
 * into the database once: when the database has none yet. The files are left where they are.
 */
async function importFilePrompts(dir: string, prompts: PromptStore, log: Logger): Promise<void> {
  if (!existsSync(dir) || (await prompts.list()).length > 0) return;
  const files = await createFsPromptStore(dir).list();
  for (const prompt of files) await prompts.put(prompt);
  if (files.length > 0)
    log.info({ prompts: files.map((p) => p.id), from: dir }, "imported the prompt edits kept as files");
}
