import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seedPgliteDir } from "../../../test/helpers/databases";
import { testPostgresDatabase } from "../../../test/helpers/postgres-url";
import { MigrationError, migrate } from "./migrate";
import { MIGRATIONS } from "./migrations";
import { createPgClient } from "./pg-client";
import { createPgliteClient } from "./pglite-client";

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

describe("migrations", () => {
  it("apply each migration once, even when hosts start at the same moment", async () => {
    const url = await testPostgresDatabase();
    const hosts = [1, 2, 3].map(() => createPgClient(url, QUIET));
    try {
      const applied = await Promise.all(hosts.map((db) => migrate(db, QUIET)));
      // Each migration is its own transaction under the lock, so the hosts may share the work
      // (one applies the first two, another the rest): what counts is that each ran exactly once.
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
      const { rows } = await hosts[0]!.query<{ name: string }>(
        "SELECT name FROM schema_migrations ORDER BY name",
      );
      expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await migrate(hosts[1]!, QUIET)).toEqual([]);
    } finally {
      await Promise.all(hosts.map((db) => db.close()));
    }
  });

  it("stop at a migration whose SQL fails, naming it and the database's error, and keep the ones before", async () => {
    const db = createPgClient(await testPostgresDatabase(), QUIET);
    try {
      const broken = [
        ...MIGRATIONS,
        { name: "0002_broken", sql: "ALTER TABLE jobs ADD COLUMN x int;\nCREATE TABLE oops (" },
      ];
      const error = await migrate(db, QUIET, broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).migration).toBe("0002_broken");
      expect((error as Error).message).toMatch(
        /^migration 0002_broken failed: syntax error at end of input; SQLSTATE 42601/,
      );
      // Its own statements were rolled back with it; the first migration stands.
      const columns = await db.query(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'jobs' AND column_name = 'x'",
      );
      expect(columns.rows).toEqual([]);
      expect(await migrate(db, QUIET)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe("a PGlite data folder", () => {
  it("is refused to a second opener while one holds it, and taken over from a holder that is gone", async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), "pglite-lock-")), "db");
    await seedPgliteDir(dir);
    const first = await createPgliteClient(dir);
    const refused = await createPgliteClient(dir).catch((e: Error) => e);
    expect(refused).toMatchObject({ code: "conflict" });
    expect((refused as Error).message).toContain(
      `${dir} is in use by process ${process.pid} on ${os.hostname()}`,
    );
    await first.close();

    // A lock left by a process that died (kill -9) does not keep the folder closed.
    await writeFile(
      `${dir}.lock`,
      JSON.stringify({ pid: 2 ** 22 + 17, host: os.hostname(), startedAt: "2025-10-01T00:00:00.000Z" }),
    );
    const next = await createPgliteClient(dir);
    expect((await next.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs")).rows).toEqual([{ n: 0 }]);
    await next.close();
  });
});
