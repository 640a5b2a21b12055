import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type BuildOptions, build, type Metafile } from "esbuild";

/**
 * The build: the CLI and the two hosts, each one bundle. Dependencies stay in node_modules
 * (`packages: "external"`); our own code is bundled and tree-shaken.
 */
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
};

const entries = [{ in: "infra/host/cli.ts", out: "dist/cli.mjs", banner: "#!/usr/bin/env node" }];

const results: Array<{ out: string; metafile: Metafile }> = [];
for (const entry of entries) {
  const result = await build({
    ...common,
    entryPoints: [entry.in],
    outfile: entry.out,
    ...(entry.banner ? { banner: { js: entry.banner } } : {}),
  });
  results.push({ out: entry.out, metafile: result.metafile! });
}
await mkdir("dist", { recursive: true });
await writeFile(
  path.join("dist", "meta.json"),
  JSON.stringify(Object.fromEntries(results.map((r) => [r.out, r.metafile])), null, 0),
);
for (const r of results) {
  const bytes = Object.values(r.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  console.log(`${r.out.padEnd(40)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
}
