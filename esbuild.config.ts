import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type BuildOptions, build, context, type Metafile, type Plugin } from "esbuild";
import { manifest } from "./functions/manifest";
import {
  type BrowserBundle,
  BUNDLE_QUERY,
  bundleEntry,
  bundleForBrowser,
  inputFiles,
} from "./infra/build/browser-bundle";
import { lambdaEntries, lambdaEntryPlugin, lambdaEntryPoints } from "./infra/faas/lambda-entries";

/**
 * The build, driven by functions/manifest.ts: one bundle per function
 * (`dist/functions/<name>/index.mjs`, with its metafile), the two hosts and the CLI. npm packages
 * stay in node_modules (`packages: "external"`); our own code is bundled and tree-shaken.
 * Fails when a function's bundle pulls in another function's code or grows past its budget, and
 * when the web UI's browser script does.
 */

/** Bytes of our own code a function bundle may carry; the largest today is well under it. */
export const FUNCTION_BUDGET_BYTES = 400 * 1024;
/** Bytes of the web UI's script (minified, inside the ui function's bundle and counted there too). */
export const BROWSER_BUDGET_BYTES = 120 * 1024;

/** `import text from "./page.html?raw"`: the file's text as a string (as Vite does for tests). */
const rawText: Plugin = {
  name: "raw-text",
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, "")),
      namespace: "raw-text",
    }));
    b.onLoad({ filter: /.*/, namespace: "raw-text" }, async (args) => ({
      contents: await (await import("node:fs/promises")).readFile(args.path, "utf8"),
      loader: "text",
    }));
  },
};

/** The browser bundles made by this build, by entry: for the size check and the report. */
const browserBundles = new Map<string, BrowserBundle>();

/** `import script from "./client/main.ts?bundle"`: that entry bundled for the browser, as text. */
const browserBundle: Plugin = {
  name: "browser-bundle",
  setup(b) {
    b.onResolve({ filter: BUNDLE_QUERY }, (args) => ({
      path: bundleEntry(args.path, args.resolveDir),
      namespace: "browser-bundle",
    }));
    b.onLoad({ filter: /.*/, namespace: "browser-bundle" }, async (args) => {
      const bundle = await bundleForBrowser(args.path);
      browserBundles.set(path.relative(process.cwd(), args.path), bundle);
      return { contents: bundle.text, loader: "text", watchFiles: inputFiles(bundle) };
    });
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
  metafile: true,
  legalComments: "none",
  plugins: [rawText, browserBundle],
};

interface Entry {
  name: string;
  in: string;
  out: string;
  banner?: string;
  fn?: string;
}

const entries: Entry[] = [
  { name: "cli", in: "infra/host/cli.ts", out: "dist/cli.mjs", banner: "#!/usr/bin/env node" },
  { name: "host/http", in: "infra/host/http.ts", out: "dist/host/http.mjs" },
  { name: "host/worker", in: "infra/host/worker.ts", out: "dist/host/worker.mjs" },
  // The hosts' CPU worker threads load it from beside their own bundle.
  { name: "host/cpu-worker", in: "infra/runtime/cpu-worker.ts", out: "dist/host/cpu-worker.mjs" },
  // The HTTP host's PGlite thread, loaded the same way.
  {
    name: "host/pglite-thread",
    in: "infra/adapters/sql/pglite-thread.ts",
    out: "dist/host/pglite-thread.mjs",
  },
  { name: "host/migrate", in: "infra/host/migrate.ts", out: "dist/host/migrate.mjs" },
  ...manifest.map((f) => ({
    name: `functions/${f.name}`,
    in: f.entry,
    out: `dist/functions/${f.name}/index.mjs`,
    fn: f.name,
  })),
];

/**
 * AWS Lambda handlers (infra/faas/), one per HTTP function plus the SQS consumer, generated from
 * the manifest. npm packages are bundled in, since a Lambda has no node_modules; code shared by the
 * handlers is split into chunks once. dist/lambda/ (with prompts/) is the deployment package.
 */
export async function buildLambdas(): Promise<void> {
  const generated = lambdaEntries(manifest);
  await rm("dist/lambda", { recursive: true, force: true });
  await build({
    ...common,
    packages: "bundle",
    // Optional native speed-ups, loaded inside try/catch with a pure JS fallback; PGlite loads its
    // WebAssembly from its package folder and is one process's database, so a Lambda sets DATABASE_URL.
    external: ["msgpackr-extract", "bufferutil", "utf-8-validate", "pg-native", "@electric-sql/pglite"],
    sourcemap: false,
    metafile: false,
    splitting: true,
    entryPoints: lambdaEntryPoints(generated),
    outdir: "dist/lambda",
    chunkNames: "_chunks/[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    plugins: [rawText, browserBundle, lambdaEntryPlugin(generated, process.cwd())],
    // CommonJS packages call require(); an ES module has none of its own.
    banner: {
      js: 'import { createRequire as __bundleCreateRequire } from "node:module"; const require = __bundleCreateRequire(import.meta.url);',
    },
  });
  await cp("prompts", "dist/lambda/prompts", { recursive: true });
}

export async function buildAll(): Promise<{
  results: Array<{ entry: Entry; bytes: number; metafile: Metafile }>;
  browser: Array<{ name: string; bytes: number }>;
}> {
  const [results] = await Promise.all([
    Promise.all(
      entries.map(async (entry) => {
        const result = await build({
          ...common,
          entryPoints: [entry.in],
          outfile: entry.out,
          ...(entry.banner ? { banner: { js: entry.banner } } : {}),
        });
        const metafile = result.metafile!;
        const bytes = Object.values(metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
        return { entry, bytes, metafile };
      }),
    ),
    buildLambdas(),
  ]);
  const problems: string[] = [];
  for (const r of results.filter((r) => r.entry.fn)) {
    const own = `functions/${r.entry.fn}/`;
    const foreign = Object.keys(r.metafile.inputs).filter(
      (input) =>
        input.startsWith("functions/") &&
        !input.startsWith(own) &&
        !input.startsWith("functions/shared/") &&
        input !== "functions/manifest.ts",
    );
    if (foreign.length > 0)
      problems.push(`${r.entry.name} pulls in another function's code: ${foreign.join(", ")}`);
    if (r.bytes > FUNCTION_BUDGET_BYTES) {
      problems.push(
        `${r.entry.name} is ${(r.bytes / 1024).toFixed(1)} KiB, over the ${FUNCTION_BUDGET_BYTES / 1024} KiB budget`,
      );
    }
    await writeFile(path.join(path.dirname(r.entry.out), "meta.json"), JSON.stringify(r.metafile));
  }
  const browser = [...browserBundles].map(([entry, bundle]) => ({
    name: `browser/${entry}`,
    bytes: bundle.bytes,
  }));
  for (const b of browser) {
    if (b.bytes > BROWSER_BUDGET_BYTES)
      problems.push(
        `${b.name} is ${(b.bytes / 1024).toFixed(1)} KiB, over the ${BROWSER_BUDGET_BYTES / 1024} KiB budget`,
      );
  }
  await mkdir("dist", { recursive: true });
  await writeFile(
    "dist/sizes.json",
    JSON.stringify(
      Object.fromEntries([
        ...results.map((r) => [r.entry.name, r.bytes]),
        ...browser.map((b) => [b.name, b.bytes]),
      ]),
      null,
      2,
    ),
  );
  if (problems.length > 0) throw new Error(`build check failed:\n- ${problems.join("\n- ")}`);
  return { results, browser };
}

/** `--watch` (docker-compose.dev.yml): rebuilds the hosts, the CLI and the functions on change. */
export async function watchAll(): Promise<void> {
  for (const entry of entries) {
    const ctx = await context({
      ...common,
      entryPoints: [entry.in],
      outfile: entry.out,
      ...(entry.banner ? { banner: { js: entry.banner } } : {}),
    });
    await ctx.watch();
  }
  console.log(`watching ${entries.length} entry points for changes`);
}

const isMain =
  import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("esbuild.config.ts");
if (isMain && process.argv.includes("--watch")) await watchAll();
else if (isMain) {
  const { results, browser } = await buildAll();
  const rows = [...results.map((r) => ({ name: r.entry.name, bytes: r.bytes })), ...browser];
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows)
    console.log(`${r.name.padEnd(width)}  ${(r.bytes / 1024).toFixed(1).padStart(7)} KiB`);
  console.log(
    `function budget: ${FUNCTION_BUDGET_BYTES / 1024} KiB of our own code each (npm packages stay external); browser script budget: ${BROWSER_BUDGET_BYTES / 1024} KiB`,
  );
}
