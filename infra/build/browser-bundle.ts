import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";

/**
 * The web UI's browser code as one script: `import script from "./client/main.ts?bundle"` gives
 * the bundle's text. The functions' build (esbuild.config.ts) and the tests (vitest.config.ts)
 * both make it here, so the tests serve the very script the host serves.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export const BUNDLE_QUERY = /\?bundle$/;

const OPTIONS = {
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  write: false,
  metafile: true,
  logLevel: "silent",
} satisfies BuildOptions;

/**
 * What a browser bundle may be made of: the page's own code, the parts of core it reads (types
 * and constants, the progress reducer, the event schemas) and valibot. Anything else (a core
 * module that reads files or counts tokens, an npm package for Node) fails the build.
 */
const ALLOWED = /^(functions\/ui\/client\/|core\/|node_modules\/valibot\/)/;

export interface BrowserBundle {
  text: string;
  bytes: number;
  /** The files it is made of, relative to the repository root. */
  inputs: string[];
}

export async function bundleForBrowser(entry: string): Promise<BrowserBundle> {
  const result = await build({ ...OPTIONS, entryPoints: [entry], absWorkingDir: ROOT, outfile: "app.js" });
  const inputs = Object.keys(result.metafile.inputs);
  const foreign = inputs.filter((input) => !ALLOWED.test(input));
  if (foreign.length > 0) {
    throw new Error(
      `the browser bundle ${path.relative(ROOT, entry)} pulls in ${foreign.join(", ")}: only the page's code, browser-safe core modules and valibot belong in it`,
    );
  }
  const text = result.outputFiles[0]!.text;
  return { text, bytes: Buffer.byteLength(text), inputs };
}

/** The entry file a `?bundle` import names, from the importing file's folder. */
export const bundleEntry = (specifier: string, fromDir: string) =>
  path.resolve(fromDir, specifier.replace(BUNDLE_QUERY, ""));

/** Absolute paths of a bundle's inputs, for watchers. */
export const inputFiles = (bundle: BrowserBundle) => bundle.inputs.map((input) => path.join(ROOT, input));
