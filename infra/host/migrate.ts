import path from "node:path";
import { createPgClient, createPgliteClient, migrate, redactDatabaseUrl } from "../adapters/sql";
import { loadConfig, loadDotEnv } from "../config";
import { createLogger } from "../logger";
import { databaseDirOf } from "../runtime/state";
import { failStart } from "./start-up";

/**
 * `npm run migrate`: applies the database migrations and exits, for a deployment that migrates
 * before it starts (the hosts also migrate at start, under the same lock).
 */
loadDotEnv(path.resolve(".env"));
const log = createLogger("migrate", "info");
try {
  const config = loadConfig();
  const db = config.databaseUrl
    ? createPgClient(config.databaseUrl, log)
    : await createPgliteClient(databaseDirOf(config));
  const where = config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : databaseDirOf(config);
  try {
    const applied = await migrate(db, log);
    log.info(
      { database: where, applied },
      applied.length > 0 ? `applied ${applied.join(", ")}` : "up to date",
    );
  } finally {
    await db.close();
  }
} catch (e) {
  failStart(log, e);
}
