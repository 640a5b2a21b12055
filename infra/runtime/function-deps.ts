import { randomBytes } from "node:crypto";
import path from "node:path";
import type { PipelineDeps } from "../../core/pipeline/deps";
import type { JobQueue, LlmCapabilities } from "../../core/ports";
import { createPromptRegistry } from "../../core/prompts/registry";
import { redactUrl } from "../../core/security/redact-url";
import { createSecretBox, type SecretBox } from "../../core/security/secret-box";
import type { FunctionConfig, FunctionDeps, Logger } from "../../functions/shared/deps";
import { createFsPromptSource } from "../adapters/fs-prompts";
import { checkApiKey } from "../adapters/openai";
import { redactDatabaseUrl } from "../adapters/sql";
import type { Config } from "../config";
import { createLlmFactory, pipelineSettings } from "../llm-factory";
import { webhookSecret } from "../webhook";
import type { StateAdapters } from "./state";

export const VERSION = "0.1.0";

/** One secret for sessions, stored keys and signatures; a random one (with a warning) when unset. */
export function secretsFor(config: Config, log: Logger): SecretBox {
  if (config.auth.sessionSecret) return createSecretBox(config.auth.sessionSecret);
  log.warn(
    {},
    "SESSION_SECRET is not set: using a random secret, so sessions and stored API keys end when this process does, and workers cannot open keys sent by a session",
  );
  return createSecretBox(randomBytes(32).toString("base64url"));
}

/** What the pipeline steps need, in either host. */
export function pipelineDeps(
  config: Config,
  state: Pick<StateAdapters, "store" | "events" | "artifacts"> & Partial<Pick<StateAdapters, "search">>,
  secrets: SecretBox,
  options: { providerAttempts?: number; backoff?: { baseDelayMs: number; maxDelayMs: number } } = {},
): PipelineDeps {
  const llmConfig =
    options.providerAttempts === undefined
      ? config
      : { ...config, llm: { ...config.llm, maxAttempts: options.providerAttempts } };
  return {
    store: state.store,
    events: state.events,
    artifacts: state.artifacts,
    llmFor: createLlmFactory(llmConfig, (sealed) => secrets.decrypt(sealed), options.backoff),
    settings: pipelineSettings(config),
    vault: { seal: (plain) => secrets.encrypt(plain), open: (sealed) => secrets.decrypt(sealed) },
    inputCache: new Map(),
    ...(state.search ? { search: state.search } : {}),
  };
}

export function functionConfig(config: Config, mode: FunctionConfig["mode"]): FunctionConfig {
  const mask = (s: string | undefined) => (s ? `…${s.slice(-4)}` : null);
  return {
    mode,
    version: VERSION,
    auth: config.auth,
    maxUploadBytes: config.maxUploadBytes,
    jobs: config.jobs,
    redactDefault: config.redactDefault,
    sessionTtlSeconds: 7 * 24 * 3600,
    llm: withoutKey(config.llm),
    publicConfig: {
      mode,
      version: VERSION,
      llm: {
        configured: config.llm.configured,
        apiKey: mask(config.llm.apiKey),
        baseURL: config.llm.baseURL ? redactUrl(config.llm.baseURL) : null,
        model: config.llm.model,
        models: config.llm.models,
        apiStyle: config.llm.apiStyle,
        reasoningEffort: config.llm.reasoningEffort ?? null,
        verbosity: config.llm.verbosity ?? null,
        timeoutMs: config.llm.timeoutMs,
        maxAttempts: config.llm.maxAttempts,
        maxInputTokens: config.llm.maxInputTokens ?? null,
        maxOutputTokens: config.llm.maxOutputTokens,
        contextTokens: config.llm.contextTokens ?? null,
        serverKind: config.llm.serverKind,
        concurrency: config.llm.concurrency ?? null,
        ratePerMinute: config.llm.ratePerMinute,
        tokensPerMinute: config.llm.tokensPerMinute,
        pricingOverride: config.llm.pricingJson ? "set" : null,
      },
      jobs: config.jobs,
      auth: {
        tokens:
          config.auth.tokens.length > 0
            ? `${config.auth.tokens.length} configured`
            : "none (open mode, loopback only)",
        adminTokens:
          config.auth.adminTokens.length > 0 ? `${config.auth.adminTokens.length} configured` : "none",
        sessionSecret: config.auth.sessionSecret ? "set" : "random per process",
        corsOrigins: config.auth.corsOrigins,
        ratePerHour: config.auth.ratePerHour,
        ratePerHourPerAddress: config.auth.ratePerHourPerAddress,
        openSharedHistory: config.auth.openSharedHistory,
        allowedHosts: config.auth.allowedHosts,
      },
      cpu: config.cpu,
      maxUploadBytes: config.maxUploadBytes,
      redactDefault: config.redactDefault,
      webhook: config.webhook.url
        ? {
            url: redactUrl(config.webhook.url),
            secret: config.webhook.secret ? "set" : config.auth.sessionSecret ? "SESSION_SECRET" : null,
            sending: webhookSecret(config) !== undefined,
          }
        : null,
      redis: config.redisUrl ? redactUrl(config.redisUrl) : null,
      database: config.databaseUrl
        ? { engine: "postgres", url: redactDatabaseUrl(config.databaseUrl) }
        : { engine: "pglite", dir: "DATA_DIR/db" },
      outputDir: path.basename(config.outputDir),
    },
  };
}

function withoutKey({ apiKey: _key, ...llm }: Config["llm"]): FunctionConfig["llm"] {
  return llm;
}

/** A health check waits this long at most for the model service's list of models. */
const CAPABILITIES_WAIT_MS = 1_500;

/** What the configured service offers for each model the stages use; undefined when it is slow or absent. */
async function modelCapabilities(
  config: Config,
  pipeline: PipelineDeps,
): Promise<LlmCapabilities[] | undefined> {
  const llm = config.llm.configured ? pipeline.llmFor(undefined) : null;
  if (!llm) return undefined;
  const models = [...new Set(Object.values(config.llm.models))];
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), CAPABILITIES_WAIT_MS);
  });
  try {
    return await Promise.race([Promise.all(models.map((m) => llm.capabilities(m))), late]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

export function buildFunctionDeps(args: {
  config: Config;
  log: Logger;
  state: StateAdapters;
  queue: JobQueue;
  secrets: SecretBox;
  pipeline: PipelineDeps;
  extra?: Partial<FunctionDeps>;
}): FunctionDeps {
  const { config, log, state, queue, secrets, pipeline } = args;
  return {
    ...pipeline,
    config: functionConfig(config, state.mode),
    queue,
    prompts: createPromptRegistry({
      builtins: createFsPromptSource(config.promptsDir),
      store: state.prompts,
    }),
    uploads: state.uploads,
    sessions: state.sessions,
    shares: state.shares,
    limiter: state.limiter,
    threads: state.threads,
    meetings: state.meetings,
    secrets,
    validateApiKey: (apiKey) =>
      checkApiKey({
        apiKey,
        timeoutMs: 15_000,
        ...(config.llm.baseURL ? { baseURL: config.llm.baseURL } : {}),
      }),
    health: async () => {
      const [redis, database, models] = await Promise.all([
        state.redisHealth(),
        state.database.health(),
        modelCapabilities(config, pipeline),
      ]);
      const queueCounts = redis === "ok" ? await state.queueCounts?.().catch(() => undefined) : undefined;
      return {
        ok: redis !== "down" && database === "ok",
        mode: state.mode,
        redis,
        database,
        databaseEngine: state.database.engine,
        llm: {
          configured: config.llm.configured,
          model: config.llm.model,
          keyPresent: Boolean(config.llm.apiKey),
          ...(config.llm.baseURL ? { baseURL: redactUrl(config.llm.baseURL) } : {}),
          ...(models ? { models } : {}),
        },
        ...(queueCounts ? { queue: queueCounts } : {}),
      };
    },
    log,
    ...args.extra,
  };
}
