import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

import type { ThreadScript } from "../adapters/sql/pglite-thread-client";

export type { ThreadScript };

/**
 * A worker thread's module: in a host bundle, `bundled` beside it (esbuild.config.ts puts it
 * there); from the sources (tests, tsx), `source` (relative to this folder) through tsx's loader.
 */
export function threadScript(bundled: string, source: string): ThreadScript {
  if (!import.meta.url.endsWith(".ts")) return { code: new URL(bundled, import.meta.url), eval: false };
  // The package's ESM build of its API (require.resolve finds the CommonJS twin beside it).
  const api = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const tsx = pathToFileURL(api).href;
  const module = new URL(source, import.meta.url).href;
  return {
    code: `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(module)}); });`,
    eval: true,
  };
}
