/**
 * The HTTP host as `npm start` builds it (the bundled functions mounted by the manifest on
 * @hono/node-server, the SQL store and Redis adapters), plus one plain Hono "hello" route served by the same server,
 * so the benchmark compares our endpoint with the framework's floor in one process and one run.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { Redis } from "ioredis";
import { httpFunctions } from "../functions/manifest";
import { createRedisJobStore, redisKeys } from "../infra/adapters/redis";
import { loadConfig } from "../infra/config";
import { loadHttpFunction } from "../infra/host/function-loader";
import { mountFunctions } from "../infra/host/http-host";
import { createLogger } from "../infra/logger";
import { createRuntime, type StateAdapters } from "../infra/runtime";

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
const config = loadConfig();
// BENCH_JOB_STORE=redis: the job store before the database, as the baseline the store section compares with.
const redisBaseline = process.env.BENCH_JOB_STORE === "redis" && config.redisUrl;
const baseline = redisBaseline ? new Redis(config.redisUrl!) : undefined;
const runtime = await createRuntime(config, "http", {
  log: createLogger("bench-host", "warn"),
  ...(baseline
    ? {
        wrap: (state: StateAdapters) => ({
          ...state,
          store: createRedisJobStore(baseline, redisKeys(), config.jobs.ttlSeconds),
        }),
      }
    : {}),
});
const functions = await Promise.all(
  httpFunctions.map(async (spec) => ({ spec, create: await loadHttpFunction(distDir, spec) })),
);
const app = mountFunctions(functions, runtime.functionDeps());
app.get("/bench/hello", (c) => c.text("hello"));
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  console.log(`bench host on http://127.0.0.1:${info.port}`);
});
process.once("SIGTERM", async () => {
  await runtime.close();
  process.exit(0);
});
