import { isAppError } from "../../core/errors";
import type { Logger } from "../../functions/shared/deps";
import { MigrationError } from "../adapters/sql";

/**
 * What a host does when it cannot start (a bad setting, a database another process holds, a
 * migration that fails): one clear log line with the reason, then exit 1. Never a stack trace
 * for a reason a person can act on.
 */
export function failStart(log: Logger, error: unknown): never {
  if (error instanceof MigrationError) {
    log.error({ migration: error.migration }, `cannot start: ${error.message}`);
  } else if (isAppError(error) && error.code !== "internal") {
    log.error({ code: error.code }, `cannot start: ${error.message}`);
  } else {
    log.error({ err: error }, "cannot start");
  }
  process.exit(1);
}

/** A migration that failed once PostgreSQL came up after start: the host stops rather than serve a half-migrated schema. */
export const stopOnFatal = (log: Logger) => (error: MigrationError) => failStart(log, error);
