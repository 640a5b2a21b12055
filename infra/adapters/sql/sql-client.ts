/**
 * The little the SQL adapters need of a client: PGlite and a `pg` pool both answer `query` with
 * `{rows}`, and both can run a function in one transaction.
 */
export interface SqlQueryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface SqlClient extends SqlQueryable {
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}
