import type { AskThreads, JobStore, MeetingEditor, SearchIndex, ShareStore } from "../../../core/ports";
import type { PromptStore } from "../../../core/prompts/store";
import { redactUrl } from "../../../core/security/redact-url";
import type { Logger } from "../../../functions/shared/deps";
import { MigrationError, migrate } from "./migrate";
import { createPgClient } from "./pg-client";
import { createPgliteClient } from "./pglite-client";
import { createPgliteThreadClient, type ThreadScript } from "./pglite-thread-client";
import { createSqlAskThreads } from "./sql-ask-threads";
import { isUnavailable, type SqlClient, storeUnavailable } from "./sql-client";
import { createSqlJobStore, createWriteOnceCache } from "./sql-job-store";
import { createSqlMeetingEditor } from "./sql-meeting-editor";
import { createSqlPromptStore } from "./sql-prompt-store";
import { createSqlSearchIndex } from "./sql-search-index";
import { createSqlShareStore } from "./sql-share-store";

export { MigrationError, migrate } from "./migrate";
export { createPgClient } from "./pg-client";
export { createPgliteClient } from "./pglite-client";
export { createPgliteThreadClient, type ThreadScript } from "./pglite-thread-client";
export type { SqlClient } from "./sql-client";
export { createSqlJobStore } from "./sql-job-store";
export { createSqlPromptStore } from "./sql-prompt-store";
export { createSqlSearchIndex } from "./sql-search-index";
export { createSqlShareStore } from "./sql-share-store";

/** `http` answers requests and fails fast while the database is away; `worker` waits a while for it. */
export type SqlRole = "http" | "worker";

export interface SqlState {
  engine: SqlClient["engine"];
  jobs: JobStore;
  prompts: PromptStore;
  /** Read-only share links, beside the jobs they open. */
  shares: ShareStore;
  search: SearchIndex;
  threads: AskThreads;
  meetings: MeetingEditor;
  /** "down" until the migrations ran, and whenever a trivial query does not answer. */
  health(): Promise<"ok" | "down">;
  /** Resolves once the database is reachable and migrated. */
  ready: Promise<void>;
  isReady(): boolean;
  close(): Promise<void>;
}

export interface OpenSqlOptions {
  /** `DATABASE_URL`: a PostgreSQL server. */
  url?: string;
  /** Else PGlite, file-backed in this folder (in memory when neither is given). */
  dir?: string;
  /** A database opened elsewhere (tests share one per process); not closed by `close()`. */
  client?: SqlClient;
  /** PGlite on a worker thread running this script, instead of in this thread. */
  thread?: ThreadScript;
  role: SqlRole;
  log: Logger;
  /** A migration that fails after start (the server came up later): the host must stop. */
  onFatal?: (error: MigrationError) => void;
}

/** How long the http role waits for PostgreSQL at start before serving anyway (answering 503). */
const START_WAIT_MS = 5_000;
const RETRY_EVERY_MS = 2_000;
/** How long a worker's store call waits out an outage before it fails (and the queue retries the task). */
const WORKER_PATIENCE_MS = 30_000;

/**
 * The system of record: PostgreSQL with `url`, else PGlite in `dir`; migrated before first use.
 * PostgreSQL down at start is said once, retried every 2 s, and answered with `store_unavailable`
 * (503) meanwhile; a failed migration stops the host with its name and the SQL error.
 */
export async function openSqlState(options: OpenSqlOptions): Promise<SqlState> {
  const { log } = options;
  const owned = !options.client;
  const client =
    options.client ??
    (options.url
      ? createPgClient(options.url, log, { applicationName: `transcript-analyzer-${options.role}` })
      : options.thread
        ? await createPgliteThreadClient(options.dir, options.thread, {
            onFailure: (e) =>
              log.error(
                { err: e.message },
                "the database thread stopped: every request that needs the database fails until the host is restarted",
              ),
          })
        : await createPgliteClient(options.dir));

  let isReady = false;
  let closed = false;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = () => {
      isReady = true;
      resolve();
    };
  });
  const attempt = async () => {
    await migrate(client, log);
    markReady();
  };

  if (client.engine === "pglite") await attempt();
  else {
    const first = attempt();
    const waited = await Promise.race([
      first.then(() => "ready" as const),
      new Promise<"late">((r) => setTimeout(() => r("late"), START_WAIT_MS).unref()),
    ]).catch((e: unknown) => {
      if (!isUnavailable(e)) throw e;
      return "down" as const;
    });
    if (waited !== "ready") {
      log.warn(
        { database: redactDatabaseUrl(options.url ?? "") },
        "PostgreSQL is not reachable yet: retrying every 2 s; requests that need it answer 503 until it is",
      );
      void retry(first);
    }
  }

  async function retry(pending: Promise<void>) {
    try {
      await pending;
      log.info({}, "PostgreSQL is reachable and migrated");
      return;
    } catch (e) {
      if (!isUnavailable(e)) return fatal(e);
    }
    while (!closed && !isReady) {
      await new Promise((r) => setTimeout(r, RETRY_EVERY_MS));
      if (closed) return;
      try {
        await attempt();
        log.info({}, "PostgreSQL is reachable and migrated");
      } catch (e) {
        if (!isUnavailable(e)) return fatal(e);
      }
    }
  }
  function fatal(e: unknown) {
    const error = e instanceof MigrationError ? e : new MigrationError("(connecting)", e);
    log.error({ migration: error.migration }, error.message);
    options.onFatal?.(error);
  }

  const guard = <T extends object>(target: T): T => guardStore(target, () => isReady, options.role);
  // Shared by the job store and the meeting editor (a rename rewrites values it keeps).
  const written = createWriteOnceCache();
  return {
    engine: client.engine,
    jobs: guard(createSqlJobStore(client, written)),
    prompts: guard(createSqlPromptStore(client)),
    shares: guard(createSqlShareStore(client)),
    search: guard(createSqlSearchIndex(client)),
    threads: guard(createSqlAskThreads(client)),
    meetings: guard(createSqlMeetingEditor(client, written)),
    ready,
    isReady: () => isReady,
    health: async () => (isReady && (await client.ping()) === "ok" ? "ok" : "down"),
    async close() {
      closed = true;
      if (owned) await client.close();
    },
  };
}

/**
 * The same store with the database's absence answered as `store_unavailable`: at once in the http
 * role, after waiting up to WORKER_PATIENCE_MS in the worker role. SQL errors stay what they are.
 */
function guardStore<T extends object>(target: T, isReady: () => boolean, role: SqlRole): T {
  const out = {} as Record<string, unknown>;
  for (const [key, value] of Object.entries(target)) {
    if (typeof value !== "function") {
      out[key] = value;
      continue;
    }
    out[key] = async (...args: unknown[]) => {
      const deadline = Date.now() + (role === "worker" ? WORKER_PATIENCE_MS : 0);
      for (;;) {
        try {
          if (!isReady()) throw storeUnavailable();
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (e) {
          if (!isUnavailable(e)) throw e;
          if (Date.now() >= deadline) throw storeUnavailable(e);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };
  }
  return out as T;
}

/** A database URL without its password or query, for logs and the config page. */
export const redactDatabaseUrl = redactUrl;
