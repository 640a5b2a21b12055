import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { ensurePgliteTemplate } from "./helpers/databases";
import { type PostgresServer, startPostgresServer } from "./helpers/postgres-server";

const run = promisify(execFile);
let postgres: PostgresServer | undefined;

/**
 * Once per test run: builds the bundles, so tests of the built CLI and hosts run today's code rather
 * than whatever `dist/` held; starts one throwaway PostgreSQL server for every test file (each makes
 * its own databases on it); makes the migrated PGlite template tests start from.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const build =
    // For a quick run of unit tests while the tree is mid-change; CI never sets it.
    process.env.TEST_SKIP_BUILD === "1"
      ? Promise.resolve()
      : run(
          process.execPath,
          [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "esbuild.config.ts"],
          {
            cwd: root,
          },
        ).then(() => undefined);
  const [server] = await Promise.all([startPostgresServer(), ensurePgliteTemplate(), build]);
  postgres = server;
  project.provide("postgresUrl", server.url);
  return async () => {
    await postgres?.stop();
  };
}
