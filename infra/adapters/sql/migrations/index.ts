import init from "./0001_init";
import shareLinks from "./0002_share_links";
import search from "./0003_search";
import askThreads from "./0004_ask_threads";
import shareLinksUntilRevoked from "./0005_share_links_until_revoked";
import searchWithoutForeignKeys from "./0006_search_without_foreign_keys";

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
  { name: "0002_share_links", sql: shareLinks },
  { name: "0003_search", sql: search },
  { name: "0004_ask_threads", sql: askThreads },
  { name: "0005_share_links_until_revoked", sql: shareLinksUntilRevoked },
  { name: "0006_search_without_foreign_keys", sql: searchWithoutForeignKeys },
];
