import type { Context, Hono } from "hono";
import type { UpgradeWebSocket } from "hono/ws";
import type { Config } from "../../core/config";
import type { PipelineDeps } from "../../core/pipeline/deps";
import type {
  AskThreads,
  JobQueue,
  LlmCapabilities,
  MeetingEditor,
  RateLimiter,
  SessionStore,
  ShareStore,
  UploadStore,
} from "../../core/ports";
import type { PromptRegistry } from "../../core/prompts/registry";
import type { SecretBox } from "../../core/security/secret-box";
import type { AppEnv } from "./env";

/** A structured logger (pino's shape); never given a secret or transcript text at info level. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface HealthReport {
  ok: boolean;
  mode: "embedded" | "redis";
  redis: "ok" | "down" | "not used";
  /** The system of record: "down" while it cannot be reached (requests that need it answer 503). */
  database: "ok" | "down";
  /** Which engine holds it: a PostgreSQL server (DATABASE_URL) or PGlite in DATA_DIR. */
  databaseEngine: "postgres" | "pglite";
  llm: {
    configured: boolean;
    model: string;
    keyPresent: boolean;
    baseURL?: string;
    /**
     * Per model the stages use: which service answers it (and under what name it answered), its
     * context window and where that comes from, how JSON is asked for, whether usage is reported,
     * and how calls are paced. Absent while the service's model list has not answered.
     */
    models?: LlmCapabilities[];
  };
  queue?: { waiting: number; active: number };
}

/**
 * The part of the configuration a function reads (never the server's API key), plus what the
 * host adds: its mode, the version, and the effective configuration with secrets masked.
 */
export type FunctionConfig = Pick<Config, "auth" | "maxUploadBytes" | "jobs" | "redactDefault"> & {
  llm: Omit<Config["llm"], "apiKey">;
  mode: "embedded" | "redis";
  version: string;
  sessionTtlSeconds: number;
  /** The effective configuration with secrets masked, for GET /api/config. */
  publicConfig: Record<string, unknown>;
};

/**
 * Everything an HTTP function may use. The host builds it from adapters (Redis or in-memory) and
 * hands it to each function's factory; a function never constructs an adapter itself.
 */
export interface FunctionDeps extends PipelineDeps {
  config: FunctionConfig;
  queue: JobQueue;
  prompts: PromptRegistry;
  uploads: UploadStore;
  sessions: SessionStore;
  shares: ShareStore;
  limiter: RateLimiter;
  /** Each meeting's questions and answers; absent where the host keeps none. */
  threads?: AskThreads;
  /** Edits of stored meetings (speakers renamed); absent where the host keeps none. */
  meetings?: MeetingEditor;
  secrets: SecretBox;
  /** Asks the model service whether a key works (a cheap models call). */
  validateApiKey: (apiKey: string) => Promise<{ ok: true } | { ok: false; code: string; message: string }>;
  health: () => Promise<HealthReport>;
  /** Stops a job's calls in flight, where the host runs them (embedded mode). */
  abortJob?: (jobId: string) => void;
  metrics?: { contentType: string; render(): Promise<string> };
  /** WebSocket upgrade from the host's server adapter; absent where the platform has none. */
  upgradeWebSocket?: UpgradeWebSocket;
  /** The caller's network address as the host sees it. */
  clientAddress?: (c: Context) => string | undefined;
  log: Logger;
}

/** Every HTTP function's module exports this as its default: a factory of its Hono app. */
export type HttpFunction = (deps: FunctionDeps) => Pick<Hono<AppEnv>, "fetch" | "request">;
