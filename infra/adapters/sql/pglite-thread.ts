import { parentPort } from "node:worker_threads";
import { createPgliteClient } from "./pglite-client";
import type { PgliteThreadError, PgliteThreadReply, PgliteThreadRequest } from "./pglite-thread-protocol";
import type { SqlClient } from "./sql-client";

/**
 * The thread that holds a host's PGlite database: statements run here, one at a time, so a long
 * one (a big meeting's index, a large transcript's rows) never stalls the host's event loop.
 * Transactions are the client's BEGIN … COMMIT, sent while it lets no other statement in.
 */
const port = parentPort;
if (port) {
  let db: SqlClient | undefined;
  let turn: Promise<void> = Promise.resolve();
  port.on("message", (request: PgliteThreadRequest) => {
    // One statement at a time, in the order they came.
    turn = turn.then(() => answer(request));
  });

  async function answer(request: PgliteThreadRequest): Promise<void> {
    const { id } = request;
    try {
      switch (request.op) {
        case "open":
          db = await createPgliteClient(request.dir, { relaxedDurability: request.relaxedDurability });
          return reply({ id, ok: true });
        case "query":
          return reply({ id, ok: true, value: await opened().query(request.text, request.params) });
        case "exec":
          await opened().exec(request.text);
          return reply({ id, ok: true });
        case "close":
          await db?.close();
          db = undefined;
          return reply({ id, ok: true });
      }
    } catch (e) {
      reply({ id, ok: false, error: plainError(e) });
    }
  }

  function opened(): SqlClient {
    if (!db) throw new Error("The database thread has no open database.");
    return db;
  }

  function reply(message: PgliteThreadReply) {
    port!.postMessage(message);
  }
}

function plainError(e: unknown): PgliteThreadError {
  const err = e as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    detail?: unknown;
    position?: unknown;
  };
  const text = (x: unknown) => (typeof x === "string" ? x : undefined);
  const fields = { code: text(err?.code), detail: text(err?.detail), position: text(err?.position) };
  return {
    name: text(err?.name) ?? "Error",
    message: text(err?.message) ?? String(e),
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  };
}
