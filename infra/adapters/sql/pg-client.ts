import pg from "pg";
import type { Logger } from "../../../functions/shared/deps";
import type { SqlClient, SqlQuery } from "./sql-client";

/** How long a request waits for a connection from the pool before it answers 503. */
const CONNECT_TIMEOUT_MS = 2_000;

/**
 * A PostgreSQL server through a `pg` pool. TLS comes from the URL as libpq reads it
 * (`?sslmode=require`, `verify-full`, `sslrootcert=…`); the URL's password is never logged.
 */
export function createPgClient(
  url: string,
  log: Logger,
  options: { max?: number; applicationName?: string } = {},
): SqlClient {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? "transcript-analyzer",
  });
  // An idle client's connection dying (a server restart) must not crash the process.
  let down = false;
  pool.on("error", (err) => {
    if (down) return;
    down = true;
    log.warn({ err: err.message }, "PostgreSQL connection lost; the pool reconnects on the next query");
  });
  pool.on("connect", () => {
    if (!down) return;
    down = false;
    log.info({}, "PostgreSQL is reachable again");
  });

  const run = async <R>(q: pg.Pool | pg.PoolClient, text: string, params: readonly unknown[] = []) => {
    const res = await q.query(text, params as unknown[]);
    return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
  };

  return {
    engine: "postgres",
    query: (text, params) => run(pool, text, params),
    exec: async (text) => void (await pool.query(text)),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const tx: SqlQuery = {
          query: (text, params) => run(client, text, params),
          exec: async (text) => void (await client.query(text)),
        };
        const out = await fn(tx);
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async ping(timeoutMs = 1_000) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"down">((resolve) => {
        timer = setTimeout(() => resolve("down"), timeoutMs);
      });
      try {
        return await Promise.race([pool.query("SELECT 1").then(() => "ok" as const), late]);
      } catch {
        return "down";
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => pool.end(),
  };
}
