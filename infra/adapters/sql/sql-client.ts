import { AppError, isAppError } from "../../../core/errors";

/** What a statement gives back: its rows (JSON columns already parsed) and how many rows it touched. */
export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

/** One statement with `$1…` parameters; every value goes as a parameter, never into the text. */
export interface SqlQuery {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Several statements without parameters (a migration). */
  exec(text: string): Promise<void>;
}

/**
 * The little the stores need of a SQL database, implemented by PostgreSQL (`pg`, a pool) and by
 * PGlite (Postgres in WebAssembly, one process's database). The same SQL runs on both.
 */
export interface SqlClient extends SqlQuery {
  readonly engine: "postgres" | "pglite";
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
  /** Resolves "ok" when a trivial query answers within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<"ok" | "down">;
  close(): Promise<void>;
}

/** SQLSTATE classes that mean "the database cannot be reached or is starting", not "the SQL is wrong". */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]|53300)/;
const UNAVAILABLE_ERRNO = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/** True for an error that says the database is not reachable now (a retry later may succeed). */
export function isUnavailable(e: unknown): boolean {
  if (isAppError(e)) return e.code === "store_unavailable";
  const err = e as { code?: unknown; message?: unknown } | null;
  const code = typeof err?.code === "string" ? err.code : "";
  if (UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.test(code)) return true;
  const message = typeof err?.message === "string" ? err.message : "";
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(
    message,
  );
}

export const storeUnavailable = (cause?: unknown): AppError =>
  new AppError("store_unavailable", "The database is not reachable; try again in a moment.", {
    ...(cause === undefined ? {} : { cause }),
  });

/** A SQL error with its SQLSTATE and the server's message, for logs (never the statement's parameters). */
export function describeSqlError(e: unknown): string {
  const err = e as { code?: string; message?: string; detail?: string; position?: string } | null;
  const parts = [err?.message ?? String(e)];
  if (err?.code) parts.push(`SQLSTATE ${err.code}`);
  if (err?.detail) parts.push(err.detail);
  if (err?.position) parts.push(`at character ${err.position}`);
  return parts.join("; ");
}
