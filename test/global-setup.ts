import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Builds the bundles once per test run, so tests of the built CLI and hosts run today's code
 * rather than whatever `dist/` held.
 */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "esbuild.config.ts"],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
}
