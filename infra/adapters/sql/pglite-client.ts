import type { PGlite } from "@electric-sql/pglite";
import type { SqlClient } from "./sql-client";

/** A PGlite database as the SQL adapters' client. */
export function pgliteClient(db: PGlite): SqlClient {
  return {
    query: async <T>(text: string, params?: unknown[]) => ({ rows: (await db.query<T>(text, params)).rows }),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async <T>(text: string, params?: unknown[]) => ({
            rows: (await tx.query<T>(text, params)).rows,
          }),
        }),
      ),
  };
}
