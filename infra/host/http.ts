import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve, upgradeWebSocket } from "@hono/node-server";
import type { Context } from "hono";
import { WebSocketServer } from "ws";
import { httpFunctions } from "../../functions/manifest";
import { readSession } from "../../functions/shared/session";
import { loadConfig, loadDotEnv } from "../config";
import { createLogger } from "../logger";
import { observeRequests } from "../observe-requests";
import { createRuntime } from "../runtime";
import { loadHttpFunction, loadQueueFunctions } from "./function-loader";
import { mountFunctions } from "./http-host";
import { createQueueBoard, mountQueueBoard, QUEUE_BOARD_PATH } from "./queue-board";
import { failStart, stopOnFatal } from "./start-up";

/**
 * The HTTP host: mounts the bundled HTTP functions the manifest names on @hono/node-server. With
 * no REDIS_URL it is also the worker (embedded mode): the runtime's in-process queue runs the same
 * queue functions, so `npm start` needs nothing else installed.
 */
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
loadDotEnv(path.resolve(".env"));
const startLog = createLogger("http", process.env.LOG_LEVEL === "silent" ? "silent" : "info");
const config = await Promise.resolve()
  .then(() => loadConfig())
  .catch((e: unknown) => failStart(startLog, e));
const runtime = await createRuntime(config, "http", {
  ...(config.redisUrl ? {} : { functions: await loadQueueFunctions(distDir) }),
  onFatal: stopOnFatal(startLog),
}).catch((e: unknown) => failStart(startLog, e));
const { log, state } = runtime;

const wss = new WebSocketServer({ noServer: true });
const deps = runtime.functionDeps({
  upgradeWebSocket,
  metrics: { contentType: runtime.metrics.contentType, render: runtime.metrics.render },
  clientAddress: (c: Context) =>
    (c.env as { incoming?: { socket?: { remoteAddress?: string } } })?.incoming?.socket?.remoteAddress,
});
const functions = await Promise.all(
  httpFunctions.map(async (spec) => ({ spec, create: await loadHttpFunction(distDir, spec) })),
);
const app = mountFunctions(functions, deps, observeRequests(runtime.metrics, log));
if (state.bullmqQueues) {
  mountQueueBoard(app, createQueueBoard(state.bullmqQueues), {
    apiTokens: config.auth.tokens,
    session: (c) => readSession(c, deps),
    clientAddress: (c) => deps.clientAddress?.(c),
  });
}

const server = serve(
  { fetch: app.fetch, port: config.port, hostname: config.host, websocket: { server: wss } },
  (info) => {
    log.info(
      {
        port: info.port,
        host: config.host,
        mode: state.mode,
        database:
          state.database.engine === "postgres"
            ? "PostgreSQL (DATABASE_URL)"
            : `PGlite in ${config.dataDir}/db`,
        llm: config.llm.configured ? config.llm.model : "not configured (computed analyses only)",
        auth: config.auth.tokens.length > 0 ? "API tokens required" : "open (no API_TOKENS)",
        metrics: "/metrics",
        ...(state.bullmqQueues ? { queueDashboard: QUEUE_BOARD_PATH } : {}),
      },
      `listening on http://${config.host}:${info.port} in ${state.mode === "embedded" ? "embedded mode (no REDIS_URL: jobs run in this process)" : "Redis mode (jobs run in worker processes)"}`,
    );
    if (config.auth.tokens.length === 0 && config.host !== "127.0.0.1" && config.host !== "localhost") {
      log.warn(
        { host: config.host },
        "no API_TOKENS set but HOST opens the API beyond this machine: anyone who can reach it can use it",
      );
    }
  },
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down: no new requests; finishing running work");
  const force = setTimeout(() => process.exit(1), 25_000);
  force.unref();
  server.close();
  for (const client of wss.clients) client.close(1001, "server shutting down");
  await runtime.close();
  log.info({}, "stopped");
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
