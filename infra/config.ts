import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as v from "valibot";
import { type Config, LOG_LEVELS } from "../core/config";
import { InputError } from "../core/errors";
import { ApiStyleSettingSchema, ReasoningEffortSchema, VerbositySchema } from "../core/llm/options";

/**
 * Configuration comes only from the environment (plus an optional `.env` file that never
 * overrides a variable already set). Every value is validated once at start-up.
 */

const int = (fallback: number, min = 0) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.transform((s) => (s.trim() === "" ? fallback : Number(s))),
    v.number(),
    v.integer(),
    v.minValue(min),
  );
const str = (fallback: string) =>
  v.pipe(
    v.optional(v.string(), fallback),
    v.transform((s) => s.trim() || fallback),
  );
const maybe = v.pipe(
  v.optional(v.string()),
  v.transform((s) => (s?.trim() ? s.trim() : undefined)),
);
const list = v.pipe(
  v.optional(v.string(), ""),
  v.transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  ),
);

const EnvSchema = v.object({
  PORT: int(5000, 0),
  HOST: maybe,
  REDIS_URL: maybe,
  DATABASE_URL: maybe,
  OUTPUT_DIR: str("output"),
  DATA_DIR: str("data"),
  PROMPTS_DIR: maybe,
  OPENAI_API_KEY: maybe,
  OPENAI_BASE_URL: maybe,
  OPENAI_MODEL: str("gpt-5-nano"),
  OPENAI_MODEL_STAGE_A: maybe,
  OPENAI_MODEL_STAGE_B: maybe,
  OPENAI_MODEL_FINAL: maybe,
  OPENAI_API_STYLE: v.optional(ApiStyleSettingSchema, "auto"),
  OPENAI_REASONING_EFFORT: v.optional(ReasoningEffortSchema),
  OPENAI_VERBOSITY: v.optional(VerbositySchema),
  OPENAI_TIMEOUT_MS: int(180_000, 1),
  OPENAI_MAX_ATTEMPTS: int(4, 1),
  LLM_MAX_INPUT_TOKENS: v.pipe(
    maybe,
    v.transform((s) => (s === undefined ? undefined : Number(s))),
  ),
  LLM_MAX_OUTPUT_TOKENS: int(16_000, 256),
  LLM_CONTEXT_TOKENS: v.pipe(
    maybe,
    v.transform((s) => (s === undefined ? undefined : Number(s))),
    v.optional(v.pipe(v.number(), v.integer(), v.minValue(1_024))),
  ),
  LLM_CONCURRENCY: v.pipe(
    maybe,
    v.transform((s) => (s === undefined ? undefined : Number(s))),
    v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  ),
  LLM_SERVER_KIND: v.optional(v.picklist(["auto", "local", "hosted"]), "auto"),
  LLM_RATE_LIMIT_PER_MINUTE: int(0, 0),
  LLM_TOKENS_PER_MINUTE: int(0, 0),
  LLM_PRICING_JSON: maybe,
  JOB_TTL_SECONDS: int(86_400, 60),
  RETENTION_DAYS: v.pipe(
    maybe,
    v.transform((s) => (s === undefined ? undefined : Number(s))),
    v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  ),
  WORKER_CONCURRENCY: int(32, 1),
  WORKER_NICE: v.pipe(int(5, 0), v.maxValue(19)),
  JOB_ATTEMPTS: int(3, 1),
  JOB_BACKOFF_MS: int(2_000, 0),
  WORKER_LOCK_MS: int(30_000, 1_000),
  API_TOKENS: list,
  ADMIN_TOKENS: list,
  OPEN_MODE_SHARED_HISTORY: v.optional(
    v.picklist(["true", "false"], "OPEN_MODE_SHARED_HISTORY is true or false"),
  ),
  ALLOWED_HOSTS: list,
  SESSION_SECRET: maybe,
  CORS_ORIGINS: list,
  RATE_LIMIT_PER_HOUR: int(10, 0),
  RATE_LIMIT_PER_HOUR_PER_ADDRESS: v.pipe(
    maybe,
    v.transform((s) => (s === undefined ? undefined : Number(s))),
    v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  ),
  CPU_THREADS: int(1, 0),
  STEP_TIMEOUT_MS: int(60_000, 100),
  STEP_MEMORY_MB: int(1_024, 64),
  MAX_UPLOAD_BYTES: int(10 * 1024 * 1024, 1024),
  NOTIFY_WEBHOOK_URL: maybe,
  NOTIFY_WEBHOOK_SECRET: maybe,
  REDACT_DEFAULT: v.optional(v.picklist(["false", "true", "names"]), "false"),
  LOG_LEVEL: v.optional(v.picklist(LOG_LEVELS), "info"),
  METRICS_PORT: int(9464, 0),
});

export type Env = v.InferOutput<typeof EnvSchema>;
export type { Config };

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  root = packageRoot(),
): Config {
  // `FOO=` (in .env, or `FOO: ${FOO:-}` in compose) means "not set", for every variable alike.
  const given = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const parsed = v.safeParse(EnvSchema, given);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const key = issue.path?.map((p) => String(p.key)).join(".") ?? "environment";
    throw new InputError("invalid_request", `Configuration: ${key} is not valid (${issue.message}).`);
  }
  const e = parsed.output;
  const model = e.OPENAI_MODEL;
  const tokens = [...new Set([...e.API_TOKENS, ...e.ADMIN_TOKENS])];
  const host = e.HOST ?? (tokens.length > 0 ? "0.0.0.0" : "127.0.0.1");
  return {
    port: e.PORT,
    host,
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL,
    outputDir: path.resolve(e.OUTPUT_DIR),
    dataDir: path.resolve(e.DATA_DIR),
    promptsDir: path.resolve(e.PROMPTS_DIR ?? path.join(root, "prompts")),
    llm: {
      apiKey: e.OPENAI_API_KEY,
      baseURL: e.OPENAI_BASE_URL,
      configured: Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL),
      model,
      models: {
        stageA: e.OPENAI_MODEL_STAGE_A ?? model,
        stageB: e.OPENAI_MODEL_STAGE_B ?? model,
        final: e.OPENAI_MODEL_FINAL ?? model,
      },
      apiStyle: e.OPENAI_API_STYLE,
      reasoningEffort: e.OPENAI_REASONING_EFFORT,
      verbosity: e.OPENAI_VERBOSITY,
      timeoutMs: e.OPENAI_TIMEOUT_MS,
      maxAttempts: e.OPENAI_MAX_ATTEMPTS,
      maxInputTokens: e.LLM_MAX_INPUT_TOKENS,
      maxOutputTokens: e.LLM_MAX_OUTPUT_TOKENS,
      contextTokens: e.LLM_CONTEXT_TOKENS,
      serverKind: e.LLM_SERVER_KIND,
      concurrency: e.LLM_CONCURRENCY,
      ratePerMinute: e.LLM_RATE_LIMIT_PER_MINUTE,
      tokensPerMinute: e.LLM_TOKENS_PER_MINUTE,
      pricingJson: e.LLM_PRICING_JSON,
    },
    jobs: {
      ttlSeconds: e.JOB_TTL_SECONDS,
      retentionDays: e.RETENTION_DAYS,
      workerConcurrency: e.WORKER_CONCURRENCY,
      workerNice: e.WORKER_NICE,
      attempts: e.JOB_ATTEMPTS,
      backoffMs: e.JOB_BACKOFF_MS,
      lockMs: e.WORKER_LOCK_MS,
    },
    auth: {
      tokens,
      adminTokens: e.ADMIN_TOKENS,
      sessionSecret: e.SESSION_SECRET,
      corsOrigins: e.CORS_ORIGINS,
      ratePerHour: e.RATE_LIMIT_PER_HOUR,
      ratePerHourPerAddress: e.RATE_LIMIT_PER_HOUR_PER_ADDRESS ?? e.RATE_LIMIT_PER_HOUR,
      openSharedHistory:
        e.OPEN_MODE_SHARED_HISTORY === undefined
          ? LOOPBACK_HOSTS.has(host)
          : e.OPEN_MODE_SHARED_HISTORY === "true",
      allowedHosts: allowedHosts(e.ALLOWED_HOSTS, host),
    },
    cpu: { threads: e.CPU_THREADS, stepTimeoutMs: e.STEP_TIMEOUT_MS, stepMemoryMb: e.STEP_MEMORY_MB },
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    redactDefault: e.REDACT_DEFAULT === "names" ? "names" : e.REDACT_DEFAULT === "true",
    webhook: { url: e.NOTIFY_WEBHOOK_URL, secret: e.NOTIFY_WEBHOOK_SECRET },
    logLevel: e.LOG_LEVEL,
    metricsPort: e.METRICS_PORT,
  };
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);
const ANY_ADDRESS = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * The Host names open mode answers: `ALLOWED_HOSTS`, else this machine's names and the address
 * HOST names (when it is one address rather than all of them). Lowercase, IPv6 in brackets.
 */
function allowedHosts(given: string[], host: string): string[] {
  const names = given.length > 0 ? given : ["localhost", "127.0.0.1", "[::1]"];
  if (given.length === 0 && !ANY_ADDRESS.has(host)) names.push(host);
  return [...new Set(names.map((n) => (n.includes(":") && !n.startsWith("[") ? `[${n}]` : n).toLowerCase()))];
}

/**
 * Reads `KEY=value` lines of a `.env` file into `env`, never overriding what is already set.
 * Quotes around a value are removed; `#` starts a comment line.
 */
export function loadDotEnv(file: string, env: Record<string, string | undefined> = process.env): boolean {
  if (!existsSync(file)) return false;
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith("#")) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    const value = raw.replace(/^(['"])(.*)\1$/, "$2");
    if (env[key] === undefined) env[key] = value;
  }
  return true;
}

/** The folder holding package.json, found from this module (works from source and from dist/). */
export function packageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}
