import type { ApiStyleSetting } from "./llm/models";
import type { ReasoningEffort, Verbosity } from "./llm/options";

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The resolved configuration, one shape for every part: infra/config.ts loads and validates it
 * from the environment once at start-up; functions read the part they are given.
 */
export interface Config {
  port: number;
  /** Where the HTTP host listens; loopback unless tokens protect the API or HOST says otherwise. */
  host: string;
  redisUrl: string | undefined;
  /** PostgreSQL, the system of record; unset: PGlite in `dataDir/db`. */
  databaseUrl: string | undefined;
  outputDir: string;
  dataDir: string;
  promptsDir: string;
  llm: {
    apiKey: string | undefined;
    baseURL: string | undefined;
    /** False with neither a key nor a base URL: prompt analyzers are skipped, computed ones still run. */
    configured: boolean;
    model: string;
    models: { stageA: string; stageB: string; final: string };
    apiStyle: ApiStyleSetting;
    reasoningEffort: ReasoningEffort | undefined;
    verbosity: Verbosity | undefined;
    timeoutMs: number;
    maxAttempts: number;
    maxInputTokens: number | undefined;
    maxOutputTokens: number;
    concurrency: number;
    ratePerMinute: number;
    pricingJson: string | undefined;
  };
  jobs: {
    /** How long a job's event stream stays in Redis. Jobs themselves stay in the database. */
    ttlSeconds: number;
    /** Jobs older than this many days are deleted by a periodic sweep; undefined keeps them. */
    retentionDays: number | undefined;
    workerConcurrency: number;
    attempts: number;
    backoffMs: number;
    /** How long a worker's claim on a running task lasts unrenewed; a killed worker's task is retaken after it. */
    lockMs: number;
  };
  auth: { tokens: string[]; sessionSecret: string | undefined; corsOrigins: string[]; ratePerHour: number };
  maxUploadBytes: number;
  webhook: { url: string | undefined; secret: string | undefined };
  logLevel: LogLevel;
  metricsPort: number;
}
