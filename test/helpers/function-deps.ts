import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll } from "vitest";
import closeStage from "../../functions/close-stage";
import finalize from "../../functions/finalize";
import insights from "../../functions/insights";
import prepare from "../../functions/prepare";
import runAnalyzer from "../../functions/run-analyzer";
import type { FunctionDeps, Logger } from "../../functions/shared/deps";
import { loadConfig } from "../../infra/config";
import { createRuntime, type QueueFunctions, type RuntimeOptions } from "../../infra/runtime";
import { resetTestDatabase, sharedTestDatabase } from "./databases";
import { ROOT } from "./pipeline-harness";

export const SILENT_LOG: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The queue functions from source, as the hosts load them from their bundles. */
export const QUEUE_FUNCTIONS: QueueFunctions = {
  prepare,
  "run-analyzer": runAnalyzer,
  "close-stage": closeStage,
  insights,
  finalize,
};

/**
 * FunctionDeps for testing HTTP functions with `app.request(...)`: the embedded runtime (this test
 * process's PGlite database, emptied first; memory events and sessions; files in a temp folder; an
 * in-process queue that runs the real queue functions), prompts from prompts/. `env` is the environment the config is read from (e.g. OPENAI_BASE_URL of the
 * LLM double); keys that start with `sk-good` pass the key check.
 */
export async function createTestDeps(
  env: Record<string, string | undefined> = {},
  overrides: Partial<FunctionDeps> = {},
  options: Pick<RuntimeOptions, "wrap"> = {},
) {
  const outputDir = await mkdtemp(path.join(os.tmpdir(), "fn-"));
  const config = loadConfig(
    {
      OUTPUT_DIR: outputDir,
      DATA_DIR: path.join(outputDir, "data"),
      OPENAI_MAX_ATTEMPTS: "1",
      SESSION_SECRET: "test-session-secret-0123456789",
      ...env,
    },
    ROOT,
  );
  const sql = await sharedTestDatabase();
  await resetTestDatabase(sql);
  const runtime = await createRuntime(config, "http", {
    functions: QUEUE_FUNCTIONS,
    log: SILENT_LOG,
    embedded: true,
    sql,
    ...options,
  });
  const deps = runtime.functionDeps({
    validateApiKey: async (key) =>
      key.startsWith("sk-good")
        ? { ok: true }
        : { ok: false, code: "llm_auth", message: "The service refused this key." },
    ...overrides,
  });
  return {
    deps,
    config,
    outputDir,
    runtime,
    /** Resolves when every queued task has run. */
    idle: () => runtime.idle(),
    close: async () => {
      await runtime.close();
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
  // Opening the process's database takes a while: in a hook, not in the first test's time.
  beforeAll(async () => {
    await sharedTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
  });
  return async (env: Record<string, string | undefined> = {}, overrides: Partial<FunctionDeps> = {}) => {
    const t = await createTestDeps(env, overrides);
    cleanups.push(t.close);
    return t;
  };
}
