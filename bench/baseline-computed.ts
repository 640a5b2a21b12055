/**
 * The computed analyses as they were before the dev-corpus work of issue 13 (BASELINE_COMMIT),
 * taken from git into a temporary folder and imported beside today's, so that the bench measures
 * both in one process and one run and reports their ratio. Nothing of the old code lives in the tree.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Transcript } from "../core/transcript/model";
import { ROOT } from "../test/helpers/pipeline-harness";

/** The last commit before issue 13 changed core/computed. */
export const BASELINE_COMMIT = "1821584";

export interface BaselineComputed {
  commit: string;
  computeAll: (t: Transcript) => unknown;
  /** Removes the temporary copy. */
  dispose(): void;
}

/** The old computeAll, or why it could not be loaded (no git, a shallow clone without the commit). */
export async function loadBaselineComputed(): Promise<BaselineComputed | { error: string }> {
  let dir: string | undefined;
  try {
    const commit = execFileSync("git", ["-C", ROOT, "rev-parse", "--short", `${BASELINE_COMMIT}^{commit}`], {
      encoding: "utf8",
    }).trim();
    dir = mkdtempSync(path.join(os.tmpdir(), "computed-baseline-"));
    const tar = execFileSync("git", ["-C", ROOT, "archive", "--format=tar", commit, "core"], {
      maxBuffer: 256 * 2 ** 20,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
    // The copy imports valibot like the tree does; it finds the tree's node_modules through this link.
    symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    // …and is compiled by tsx with the tree's settings (target, module), as today's code is.
    copyFileSync(path.join(ROOT, "tsconfig.json"), path.join(dir, "tsconfig.json"));
    const module = (await import(pathToFileURL(path.join(dir, "core/computed/compute-all.ts")).href)) as {
      computeAll: (t: Transcript) => unknown;
    };
    const folder = dir;
    return {
      commit,
      computeAll: module.computeAll,
      dispose: () => rmSync(folder, { recursive: true, force: true }),
    };
  } catch (error) {
    if (dir) rmSync(dir, { recursive: true, force: true });
    return { error: `baseline ${BASELINE_COMMIT} not loaded: ${(error as Error).message.split("\n")[0]}` };
  }
}
