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
    /** The context window of the service's models when set (`LLM_CONTEXT_TOKENS`), over what it reports. */
    contextTokens: number | undefined;
    /** Whether the service is local (one call at a time unless LLM_CONCURRENCY says otherwise); `auto` reads the address. */
    serverKind: "auto" | "local" | "hosted";
    /** Model calls at once per service and process; unset: one for a local service, else only the rates bound them. */
    concurrency: number | undefined;
    /** Model calls started per minute (0 = no limit); across every worker in Redis mode. */
    ratePerMinute: number;
    /** Tokens (input plus output reserve) started per minute per process (0 = no limit). */
    tokensPerMinute: number;
    pricingJson: string | undefined;
  };
  jobs: {
    /** How long a job's event stream stays in Redis. Jobs themselves stay in the database. */
    ttlSeconds: number;
    /** Jobs older than this many days are deleted by a periodic sweep; undefined keeps them. */
    retentionDays: number | undefined;
    workerConcurrency: number;
    /** How much lower the worker host's CPU priority is than it started with (0–19), so HTTP hosts on the same machine answer first. */
    workerNice: number;
    attempts: number;
    backoffMs: number;
    /** How long a worker's claim on a running task lasts unrenewed; a killed worker's task is retaken after it. */
    lockMs: number;
  };
  auth: {
    /** Every valid API token (`API_TOKENS` and `ADMIN_TOKENS`); empty = open mode. */
    tokens: string[];
    /** Tokens with the operator role: global prompt edits, custom-analyzer deletion, the queue board. */
    adminTokens: string[];
    sessionSecret: string | undefined;
    corsOrigins: string[];
    /** Analyses per owner (token, session) per hour. */
    ratePerHour: number;
    /** Analyses per client address per hour, however many sessions it makes. */
    ratePerHourPerAddress: number;
    /**
     * Open mode only: every caller is one user who sees every job (a single-user install, the
     * default on loopback); otherwise each browser session sees its own.
     */
    openSharedHistory: boolean;
    /** Open mode only: the Host names answered (DNS rebinding stops here). */
    allowedHosts: string[];
  };
  /** CPU-heavy steps (parsing, computed analyses, exports): where they run and their bounds. */
  cpu: {
    /** Worker threads for them in the HTTP and worker hosts; 0 runs them inline. */
    threads: number;
    /** A step that runs longer is ended with `step_timeout`. */
    stepTimeoutMs: number;
    /** A step whose heap grows past this is ended with `too_large`. */
    stepMemoryMb: number;
  };
  maxUploadBytes: number;
  /** REDACT_DEFAULT: whether jobs redact contact and account details (`true`), and names (`"names"`), unless a request says. */
  redactDefault: boolean | "names";
  webhook: { url: string | undefined; secret: string | undefined };
  logLevel: LogLevel;
  metricsPort: number;
}
