import { Redis, type RedisOptions, ReplyError } from "ioredis";
import { AppError, isAppError } from "../../../core/errors";
import type { Logger } from "../../../functions/shared/deps";

/**
 * `http` answers requests: when Redis is down it must fail fast (a 503), not hang, and it
 * reconnects by itself. `worker` runs queued work: it waits for Redis and retries, as BullMQ
 * requires (`maxRetriesPerRequest: null`).
 */
export type RedisRole = "http" | "worker";

/** How long a request waits for Redis before it answers 503. */
export const HTTP_COMMAND_TIMEOUT_MS = 1_000;

export function clientOptions(role: RedisRole, name: string): RedisOptions {
  const common: RedisOptions = {
    connectionName: name,
    // Reconnect forever, never faster than every 2 s once it has been down for a while.
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
  };
  if (role === "worker") return { ...common, maxRetriesPerRequest: null };
  return {
    ...common,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    commandTimeout: HTTP_COMMAND_TIMEOUT_MS,
  };
}

/** A client for one purpose; its connection errors go to the log, once per outage. */
export function createRedisClient(
  url: string,
  role: RedisRole,
  name: string,
  log: Logger,
  overrides: RedisOptions = {},
): Redis {
  const client = new Redis(url, { ...clientOptions(role, name), ...overrides });
  let down = false;
  client.on("error", (err: Error) => {
    if (down) return;
    down = true;
    log.warn({ client: name, err: err.message }, "Redis is not reachable; reconnecting");
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    log.info({ client: name }, "Redis is reachable again");
  });
  return client;
}

/** Resolves when the client is ready, or after `timeoutMs` with false. */
export function waitUntilReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === "ready") return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      client.off("ready", onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on("ready", onReady);
  });
}

/** PING within `timeoutMs`. */
export async function ping(client: Redis, timeoutMs = 500): Promise<"ok" | "down"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"down">((resolve) => {
    timer = setTimeout(() => resolve("down"), timeoutMs);
  });
  try {
    return await Promise.race([client.ping().then((r) => (r === "PONG" ? "ok" : "down")), late]);
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A failure to reach Redis as `store_unavailable` (503), the same from every adapter method.
 * A reply error (a bug, a wrong key type) stays what it is.
 */
export function storeError(e: unknown): unknown {
  if (isAppError(e) || e instanceof ReplyError) return e;
  return new AppError("store_unavailable", "Redis is not reachable; try again in a moment.", { cause: e });
}

/** The same object with every method's failures passed through `storeError`. */
export function guarded<T extends object>(target: T, deadlineMs?: number): T {
  const out = {} as Record<string, unknown>;
  for (const [key, value] of Object.entries(target)) {
    if (typeof value !== "function") {
      out[key] = value;
      continue;
    }
    out[key] = async (...args: unknown[]) => {
      try {
        const call = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        return await (deadlineMs === undefined ? call : withDeadline(call, deadlineMs));
      } catch (e) {
        throw storeError(e);
      }
    };
  }
  return out as T;
}

/** Rejects when `promise` takes longer than `ms` (it may still settle later). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
