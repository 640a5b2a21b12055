import init from "./0001_init";
import search from "./0002_search";
import askThreads from "./0003_ask_threads";

/** One SQL migration: applied once, in order, recorded in "schema_migrations". */
export interface Migration {
  name: string;
  sql: string;
}

/**
 * Every migration, in order, each a module holding its SQL (so the hosts' bundles, the tests and
 * the benchmarks' plain tsx load it alike). A new migration is a new file, added here.
 */
export const MIGRATIONS: readonly Migration[] = [
  { name: "0001_init", sql: init },
  { name: "0002_search", sql: search },
  { name: "0003_ask_threads", sql: askThreads },
];
