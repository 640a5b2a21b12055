import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./pipeline-harness";

export interface HostProcess {
  /** `http://127.0.0.1:<port>` for the HTTP host; undefined for a worker. */
  url: string;
  child: ChildProcess;
  /** Every log line so far (JSON from pino). */
  logs: string[];
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no chance to clean up. */
  kill(): Promise<void>;
}

/**
 * Starts a built host (`dist/host/http.mjs` or `dist/host/worker.mjs`) as its own process with
 * `env` on top of a clean environment, and waits until it says it is ready.
 */
export async function startHost(
  kind: "http" | "worker",
  env: Record<string, string>,
  readyTimeoutMs = 60_000,
  /** Node's own flags for the host (a profiler's, say), which NODE_OPTIONS may not carry. */
  nodeArgs: string[] = [],
): Promise<HostProcess> {
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "dist", "host", `${kind}.mjs`)], {
    // Not the repository: a developer's .env there must not leak into the test's configuration.
    cwd: os.tmpdir(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      LOG_LEVEL: "info",
      ...(kind === "http" ? { PORT: "0" } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  let buffer = "";
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${kind} host not ready in ${readyTimeoutMs} ms:\n${logs.join("\n")}`)),
      readyTimeoutMs,
    );
    const onLine = (line: string) => {
      logs.push(line);
      const listening = /listening on (http:\/\/[^\s"]+)/.exec(line);
      if (kind === "http" && listening) {
        clearTimeout(timer);
        resolve(listening[1]!.replace("0.0.0.0", "127.0.0.1"));
      }
      if (kind === "worker" && /worker ready|workers ready|processing/i.test(line)) {
        clearTimeout(timer);
        resolve("");
      }
    };
    const onData = (d: Buffer) => {
      buffer += d.toString();
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        onLine(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf("\n");
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} host exited with ${code} before it was ready:\n${logs.join("\n")}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await ready;
  return {
    url,
    child,
    logs,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/**
 * Every setting a developer's `.env` might carry, pinned: the host reads that file for whatever the
 * environment leaves unset, and these tests must not depend on it. Empty means "not set".
 */
export const PINNED_HOST_ENV = {
  REDIS_URL: "",
  DATABASE_URL: "",
  RETENTION_DAYS: "",
  API_TOKENS: "",
  CORS_ORIGINS: "",
  PROMPTS_DIR: "",
  OPENAI_API_KEY: "",
  OPENAI_MODEL: "gpt-5-nano",
  OPENAI_MODEL_STAGE_A: "",
  OPENAI_MODEL_STAGE_B: "",
  OPENAI_MODEL_FINAL: "",
  OPENAI_API_STYLE: "auto",
  OPENAI_TIMEOUT_MS: "30000",
  LLM_CONCURRENCY: "8",
  LLM_CONTEXT_TOKENS: "",
  LLM_SERVER_KIND: "auto",
  LLM_RATE_LIMIT_PER_MINUTE: "0",
  LLM_TOKENS_PER_MINUTE: "0",
  REDACT_DEFAULT: "false",
  JOB_ATTEMPTS: "1",
  JOB_BACKOFF_MS: "0",
  JOB_TTL_SECONDS: "3600",
  MAX_UPLOAD_BYTES: String(10 * 1024 * 1024),
  NOTIFY_WEBHOOK_URL: "",
  RATE_LIMIT_PER_HOUR: "0",
  LOG_LEVEL: "info",
};
