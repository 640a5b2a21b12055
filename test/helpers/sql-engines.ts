import { createPgClient, migrate, type SqlClient } from "../../infra/adapters/sql";
import { sharedTestDatabase } from "./databases";
import { testPostgresDatabase } from "./postgres-url";

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The engines the SQL adapters' tests run the same behaviours on: PGlite (this process's shared
 * database) and a fresh, migrated database on the suite's PostgreSQL server.
 */
export const SQL_ENGINES: Array<[string, () => Promise<SqlClient>]> = [
  ["PGlite", () => sharedTestDatabase()],
  [
    "PostgreSQL",
    async () => {
      const client = createPgClient(await testPostgresDatabase(), QUIET);
      await migrate(client, QUIET);
      return client;
    },
  ],
];
