import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { createMemoryPromptStore } from "../../core/prompts/memory-store";
import { createPromptRegistry } from "../../core/prompts/registry";
import { createSecretBox } from "../../core/security/secret-box";
import closeStage from "../../functions/close-stage";
import finalize from "../../functions/finalize";
import insights from "../../functions/insights";
import prepare from "../../functions/prepare";
import runAnalyzer from "../../functions/run-analyzer";
import type { FunctionDeps, Logger } from "../../functions/shared/deps";
import { createFsArtifactStore } from "../../infra/adapters/fs-artifacts";
import { createFsPromptSource } from "../../infra/adapters/fs-prompts";
import { createFsUploadStore } from "../../infra/adapters/fs-uploads";
import { createMemoryEventBus } from "../../infra/adapters/memory-events";
import { createMemoryQueue } from "../../infra/adapters/memory-queue";
import { createMemoryRateLimiter, createMemorySessionStore } from "../../infra/adapters/memory-sessions";
import { createMemoryJobStore } from "../../infra/adapters/memory-store";
import { loadConfig } from "../../infra/config";
import { functionConfig, pipelineDeps } from "../../infra/host/function-deps";
import { dispatcher, type QueueFunctions } from "../../infra/host/queue-dispatch";
import { ROOT } from "./pipeline-harness";

export const SILENT_LOG: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * FunctionDeps for testing HTTP functions with `app.request(...)`: memory state, files in a temp
 * folder, an in-process queue that runs the real queue functions, prompts from prompts/.
 * `env` is the environment the config is read from (e.g. OPENAI_BASE_URL of the LLM double).
 */
export async function createTestDeps(
  env: Record<string, string | undefined> = {},
  overrides: Partial<FunctionDeps> = {},
) {
  const outputDir = await mkdtemp(path.join(os.tmpdir(), "fn-"));
  const config = loadConfig(
    { OUTPUT_DIR: outputDir, DATA_DIR: path.join(outputDir, "data"), OPENAI_MAX_ATTEMPTS: "1", ...env },
    ROOT,
  );
  const secrets = createSecretBox("test-session-secret-0123456789");
  const state = {
    mode: "embedded" as const,
    store: createMemoryJobStore(),
    events: createMemoryEventBus(),
    sessions: createMemorySessionStore(),
    limiter: createMemoryRateLimiter(),
    artifacts: createFsArtifactStore(outputDir),
    uploads: createFsUploadStore(outputDir),
    redisHealth: async () => "not used" as const,
    close: async () => {},
  };
  const pipeline = pipelineDeps(config, state, secrets);
  const functions: QueueFunctions = {
    prepare,
    "run-analyzer": runAnalyzer,
    "close-stage": closeStage,
    insights,
    finalize,
  };
  const queue = createMemoryQueue({
    handle: dispatcher({ functions, deps: pipeline, queue: () => queue }),
    concurrency: 8,
    attempts: 1,
    backoffMs: 1,
  });
  const deps: FunctionDeps = {
    ...pipeline,
    config: functionConfig(config, "embedded"),
    queue,
    prompts: createPromptRegistry({
      builtins: createFsPromptSource(path.join(ROOT, "prompts")),
      store: createMemoryPromptStore(),
    }),
    uploads: state.uploads,
    sessions: state.sessions,
    limiter: state.limiter,
    secrets,
    validateApiKey: async (key) =>
      key.startsWith("sk-good")
        ? { ok: true }
        : { ok: false, code: "llm_auth", message: "The service refused this key." },
    health: async () => ({
      ok: true,
      mode: "embedded",
      redis: "not used",
      llm: {
        configured: config.llm.configured,
        model: config.llm.model,
        keyPresent: Boolean(config.llm.apiKey),
      },
    }),
    log: SILENT_LOG,
    ...overrides,
  };
  return {
    deps,
    config,
    outputDir,
    /** Resolves when every queued task has run. */
    idle: () => queue.idle(),
    close: async () => {
      await queue.idle();
      await rm(outputDir, { recursive: true, force: true });
    },
  };
}

/** A JSON request for `app.request`. */
export function jsonRequest(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

/**
 * For a test file: `const testDeps = useTestDeps()` gives a factory of `createTestDeps` whose
 * temp folders and queues are cleaned up after each test.
 */
export function useTestDeps() {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
  });
  return async (env: Record<string, string | undefined> = {}, overrides: Partial<FunctionDeps> = {}) => {
    const t = await createTestDeps(env, overrides);
    cleanups.push(t.close);
    return t;
  };
}
