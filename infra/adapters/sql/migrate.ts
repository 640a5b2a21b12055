import { createHash } from "node:crypto";
import type { Logger } from "../../../functions/shared/deps";
import { MIGRATIONS, type Migration } from "./migrations";
import { describeSqlError, isUnavailable, type SqlClient } from "./sql-client";

/** A migration whose SQL failed: the host stops with its name and the database's error. */
export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    override readonly cause: unknown,
  ) {
    super(`migration ${migration} failed: ${describeSqlError(cause)}`);
    this.name = "MigrationError";
  }
}

/** Any number, the same in every process: the key of the advisory lock migrations run under. */
const MIGRATION_LOCK = 7_412_503_918;

const checksum = (sql: string) => createHash("sha256").update(sql).digest("hex").slice(0, 16);

/**
 * Applies the migrations not yet recorded, each in its own transaction under an advisory lock, so
 * hosts starting at once apply each exactly once. Returns the names applied now.
 */
export async function migrate(
  client: SqlClient,
  log: Logger,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  const applied: string[] = [];
  await client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1::bigint)", [MIGRATION_LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
  });
  for (const m of migrations) {
    try {
      await client.transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock($1::bigint)", [MIGRATION_LOCK]);
        const { rows } = await tx.query<{ checksum: string }>(
          "SELECT checksum FROM schema_migrations WHERE name = $1",
          [m.name],
        );
        if (rows[0]) {
          if (rows[0].checksum !== checksum(m.sql))
            log.warn(
              { migration: m.name },
              "an applied migration's file has changed since; it is not run again",
            );
          return;
        }
        await tx.exec(m.sql);
        await tx.query("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", [
          m.name,
          checksum(m.sql),
        ]);
        applied.push(m.name);
      });
    } catch (e) {
      if (isUnavailable(e)) throw e;
      throw new MigrationError(m.name, e);
    }
  }
  if (applied.length > 0) log.info({ migrations: applied }, "database migrated");
  return applied;
}
