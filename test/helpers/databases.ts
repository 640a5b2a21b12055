import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { createPgliteClient, migrate, type SqlClient } from "../../infra/adapters/sql";
import { MIGRATIONS } from "../../infra/adapters/sql/migrations";

const run = promisify(execFile);
const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * PGlite needs seconds to initialize an empty database, so tests start from a migrated copy made
 * once per machine (per version of the migrations and of PGlite) under the temp folder.
 */
const fingerprint = (() => {
  const pkg = path.join(
    path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite")),
    "..",
    "package.json",
  );
  const version = (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
  const hash = createHash("sha256").update(version);
  for (const m of MIGRATIONS) hash.update(m.name).update(m.sql);
  return hash.digest("hex").slice(0, 12);
})();
export const PGLITE_TEMPLATE = path.join(os.tmpdir(), `ta-pglite-template-${fingerprint}`);

/** Makes the migrated PGlite template when it is missing (atomically: parallel runs may race). */
export async function ensurePgliteTemplate(): Promise<string> {
  if (existsSync(PGLITE_TEMPLATE)) return PGLITE_TEMPLATE;
  const building = `${PGLITE_TEMPLATE}.${process.pid}.tmp`;
  await rm(building, { recursive: true, force: true });
  const db = await createPgliteClient(building);
  await migrate(db, QUIET);
  await db.close();
  await rename(building, PGLITE_TEMPLATE).catch(async () => {
    // Another run finished first; its template is the same.
    await rm(building, { recursive: true, force: true });
  });
  return PGLITE_TEMPLATE;
}

/**
 * Makes `dir` a migrated, empty PGlite database, as a host makes on its first start (DATA_DIR/db)
 * or the CLI its library, without the seconds PGlite takes to initialize one.
 */
export async function seedPgliteDir(dir: string): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  await run("cp", ["-r", await ensurePgliteTemplate(), dir]);
}

let shared: Promise<SqlClient> | undefined;

/**
 * One PGlite database for this test process, emptied by `resetTestDatabase` before each use.
 * Closing it through a runtime does nothing: it lives as long as the process.
 */
export function sharedTestDatabase(): Promise<SqlClient> {
  shared ??= (async () => {
    const dir = path.join(os.tmpdir(), `ta-pglite-test-${process.pid}`);
    // A run killed earlier may have left its folder and its lock, and its pid may be ours now.
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}.lock`, { force: true });
    await run("cp", ["-r", await ensurePgliteTemplate(), dir]);
    // Tests never outlive a crash of the machine: skip the sync after each statement.
    const db = await createPgliteClient(dir, { relaxedDurability: true });
    process.once("exit", () => {
      void rm(dir, { recursive: true, force: true });
    });
    return db;
  })();
  return shared;
}

/**
 * Empties every table but the migrations' record. DELETE rather than TRUNCATE: on the few rows a
 * test leaves it is thirty times faster in PGlite (TRUNCATE makes new files for every table).
 */
export async function resetTestDatabase(db: SqlClient): Promise<void> {
  const { rows } = await db.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
  );
  await db.exec(rows.map((r) => `DELETE FROM "${r.tablename}";`).join("\n"));
}

let databases = 0;

/** A new empty database on the run's PostgreSQL server, for one test file or one service. */
export async function newPostgresDatabase(adminUrl: string): Promise<string> {
  const name = `t_${process.pid}_${++databases}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // The name is made here from digits, letters and _, so quoting it is safe.
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
