import { Worker } from "node:worker_threads";
import type { PgliteThreadReply, PgliteThreadRequest } from "./pglite-thread-protocol";
import type { SqlClient, SqlQuery, SqlResult } from "./sql-client";

type Request = PgliteThreadRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, "id">
    : never
  : never;

/** Where the thread's code is: a module file, or code to evaluate (tsx's loader, from the sources). */
export interface ThreadScript {
  code: string | URL;
  eval: boolean;
}

/**
 * PGlite on a thread of its own (see pglite-thread.ts), the same SqlClient as in-process PGlite:
 * the host's event loop only sends statements and reads their rows. One statement runs at a
 * time; a transaction holds the database until it ends, as in-process PGlite's does.
 */
export async function createPgliteThreadClient(
  dir: string | undefined,
  script: ThreadScript,
  options: {
    relaxedDurability?: boolean;
    /** Told once if the thread stops on its own (not by `close`): every call fails from then on. */
    onFailure?: (error: Error) => void;
  } = {},
): Promise<SqlClient> {
  const worker = new Worker(script.code, { eval: script.eval });
  worker.unref();
  const pending = new Map<number, { resolve: (r: PgliteThreadReply) => void }>();
  let nextId = 1;
  let failed: Error | undefined;
  worker.on("message", (reply: PgliteThreadReply) => {
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
    // Idle, the thread does not keep the process alive; with a statement out, it does (a host
    // that stops waits for its last writes).
    if (pending.size === 0) worker.unref();
  });
  let closing = false;
  const fail = (error: Error) => {
    if (failed) return;
    if (!closing) options.onFailure?.(error);
    failed = error;
    for (const { resolve } of pending.values())
      resolve({ id: 0, ok: false, error: { name: "Error", message: error.message, code: "57P01" } });
    pending.clear();
  };
  worker.on("error", (e) => fail(new Error(`The database thread failed: ${e.message}`)));
  worker.on("exit", (code) => fail(new Error(`The database thread stopped (exit code ${code}).`)));

  const send = async (request: Request): Promise<{ rows: unknown[]; rowCount: number } | undefined> => {
    if (failed) throw Object.assign(new Error(failed.message), { code: "57P01" });
    const id = nextId++;
    const reply = await new Promise<PgliteThreadReply>((resolve) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve });
      worker.postMessage({ id, ...request });
    });
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
    return reply.value;
  };

  // The thread runs statements in the order they were posted, so statements go out at once, side
  // by side, except while a transaction holds the database: then they wait for it to end, as with
  // in-process PGlite. Transactions take turns.
  let transactions = 0;
  let lastTransaction: Promise<void> = Promise.resolve();
  const outsideTransactions = async <T>(fn: () => Promise<T>): Promise<T> => {
    while (transactions > 0) await lastTransaction;
    return fn();
  };
  const inTurn = async <T>(fn: () => Promise<T>): Promise<T> => {
    transactions++;
    const before = lastTransaction;
    let release = () => {};
    lastTransaction = new Promise<void>((r) => {
      release = r;
    });
    try {
      await before;
      return await fn();
    } finally {
      transactions--;
      release();
    }
  };

  const direct: SqlQuery = {
    async query<R>(text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
      const value = (await send({ op: "query", text, params }))!;
      return value as SqlResult<R>;
    },
    exec: async (text) => void (await send({ op: "exec", text })),
  };

  await send({ op: "open", dir, relaxedDurability: options.relaxedDurability ?? false }).catch(async (e) => {
    await worker.terminate();
    throw e;
  });

  return {
    engine: "pglite",
    query: (text, params) => outsideTransactions(() => direct.query(text, params)),
    exec: (text) => outsideTransactions(() => direct.exec(text)),
    transaction: (fn) =>
      inTurn(async () => {
        await direct.exec("BEGIN");
        try {
          const result = await fn(direct);
          await direct.exec("COMMIT");
          return result;
        } catch (e) {
          await direct.exec("ROLLBACK").catch(() => {});
          throw e;
        }
      }),
    async ping() {
      return failed ? "down" : "ok";
    },
    async close() {
      if (failed) return;
      closing = true;
      await inTurn(() => send({ op: "close" }));
      await worker.terminate();
    },
  };
}
