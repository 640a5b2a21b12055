import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { SILENT_LOG } from "../../../test/helpers/function-deps";
import { ROOT } from "../../../test/helpers/pipeline-harness";
import { type RedisServer, startRedisServer } from "../../../test/helpers/redis-server";
import { loadConfig } from "../../config";
import { createRedisAdapters, type RedisAdapters } from ".";
import type { RedisRole } from "./connection";

let prefixes = 0;

/**
 * A redis-server for one test file, plus adapters on it, each under a prefix of its own so tests
 * do not see each other's keys. Everything is closed after the file.
 */
export function useRedisAdapters(options: { appendonly?: boolean } = {}) {
  let server: RedisServer | undefined;
  const open: Array<{ close(): Promise<void> }> = [];
  beforeAll(async () => {
    server = await startRedisServer({ appendonly: options.appendonly ?? false });
  });
  afterAll(async () => {
    for (const c of open.reverse()) await c.close().catch(() => {});
    await server?.stop();
  });
  const srv = () => {
    if (!server) throw new Error("the redis-server starts in beforeAll");
    return server;
  };
  return {
    server: srv,
    newPrefix: () => `t${++prefixes}-${process.pid}:`,
    config: (env: Record<string, string> = {}) => loadConfig({ REDIS_URL: srv().url, ...env }, ROOT),
    async adapters(
      prefix: string,
      role: RedisRole = "worker",
      env: Record<string, string> = {},
    ): Promise<RedisAdapters> {
      const a = await createRedisAdapters(loadConfig({ REDIS_URL: srv().url, ...env }, ROOT), SILENT_LOG, {
        role,
        prefix,
      });
      open.push(a);
      return a;
    },
    /** A plain client for looking at keys directly. */
    raw(): Redis {
      const r = new Redis(srv().url);
      open.push({ close: async () => void r.disconnect() });
      return r;
    },
  };
}
