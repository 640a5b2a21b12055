import { defineConfig } from "vitest/config";

export default defineConfig({
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
