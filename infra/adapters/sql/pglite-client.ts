import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { PGlite as PGliteType } from "@electric-sql/pglite";
import { lockDataDir } from "./data-dir-lock";
import type { SqlClient, SqlQuery } from "./sql-client";

interface PgliteModules {
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

let modules: Promise<PgliteModules> | undefined;

/** PGlite's WebAssembly, compiled once per process (each instance would otherwise compile it again). */
function pgliteModules(): Promise<PgliteModules> {
  modules ??= (async () => {
    const dist = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    const [pglite, initdb, data] = await Promise.all(
      ["pglite.wasm", "initdb.wasm", "pglite.data"].map((f) => readFile(path.join(dist, f))),
    );
    return {
      pgliteWasmModule: await WebAssembly.compile(pglite!),
      initdbWasmModule: await WebAssembly.compile(initdb!),
      fsBundle: new Blob([data!]),
    };
  })();
  return modules;
}

/**
 * PostgreSQL compiled to WebAssembly, in this process: file-backed in `dir` (created on first use,
 * locked against a second process), or in memory when `dir` is undefined. Statements run one at a
 * time; a transaction holds the database until it ends.
 */
export async function createPgliteClient(
  dir: string | undefined,
  options: {
    loadDataDir?: Blob;
    /**
     * Return before PGlite has synced its files after a statement: about four times less CPU per
     * statement, and what a crash of the whole machine may lose. For tests and benchmarks only.
     */
    relaxedDurability?: boolean;
  } = {},
): Promise<SqlClient & { dump(): Promise<Blob> }> {
  let release = async () => {};
  if (dir) {
    await mkdir(path.dirname(dir), { recursive: true });
    release = await lockDataDir(dir);
  }
  let db: PGliteType;
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    db = await PGlite.create({
      ...(await pgliteModules()),
      ...(dir ? { dataDir: dir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      ...(options.relaxedDurability ? { relaxedDurability: true } : {}),
    });
  } catch (e) {
    await release();
    throw e;
  }
  const on = (q: Pick<PGliteType, "query" | "exec">): SqlQuery => ({
    exec: async (text) => void (await q.exec(text)),
    async query<R>(text: string, params: readonly unknown[] = []) {
      const res = await q.query<R>(text, params as unknown[]);
      return { rows: res.rows, rowCount: res.affectedRows || res.rows.length };
    },
  });
  return {
    engine: "pglite",
    ...on(db),
    transaction: (fn) => db.transaction((tx) => fn(on(tx))),
    async ping() {
      return db.closed ? "down" : "ok";
    },
    dump: () => db.dumpDataDir("none") as Promise<Blob>,
    async close() {
      if (!db.closed) await db.close();
      await release();
    },
  };
}
