import path from "node:path";
import { defineConfig, type Plugin } from "vitest/config";
import { BUNDLE_QUERY, bundleEntry, bundleForBrowser, inputFiles } from "./infra/build/browser-bundle.ts";

const BUNDLE_ID = "\0browser-bundle:";

/** `import script from "./client/main.ts?bundle"` under vitest, made as the build makes it. */
const browserBundle: Plugin = {
  name: "browser-bundle",
  enforce: "pre",
  resolveId(source, importer) {
    if (!BUNDLE_QUERY.test(source) || !importer) return null;
    return BUNDLE_ID + bundleEntry(source, path.dirname(importer));
  },
  async load(id) {
    if (!id.startsWith(BUNDLE_ID)) return null;
    const bundle = await bundleForBrowser(id.slice(BUNDLE_ID.length));
    for (const file of inputFiles(bundle)) this.addWatchFile(file);
    return `export default ${JSON.stringify(bundle.text)};`;
  },
};

export default defineConfig({
  plugins: [browserBundle],
  test: {
    include: ["core/**/*.test.ts", "functions/**/*.test.ts", "infra/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Vitest empties CSS by default; a stylesheet imported as text (`?raw`, the web UI's) must stay whole.
    css: { include: [/\.css\?raw$/] },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // 2 cores: more forks only contend.
    pool: "forks",
    maxWorkers: 2,
  },
});
