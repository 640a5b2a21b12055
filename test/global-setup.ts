import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Builds the bundles once per test run, so tests of the built CLI and hosts run today's code
 * rather than whatever `dist/` held.
 */
export default function setup(): void {
  // For a quick run of unit tests while the tree is mid-change; CI never sets it.
  if (process.env.TEST_SKIP_BUILD === "1") return;
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
