import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/pipeline-harness";

const run = promisify(execFile);
const depcruise = path.join(ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");

async function cruise(...targets: string[]) {
  try {
    const { stdout } = await run(
      process.execPath,
      [depcruise, "--config", ".dependency-cruiser.cjs", "--output-type", "json", ...targets],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return JSON.parse(stdout) as {
      summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
    };
  } catch (e) {
    // depcruise exits non-zero when it finds violations; its report is still on stdout.
    const stdout = (e as { stdout?: string }).stdout;
    if (stdout)
      return JSON.parse(stdout) as {
        summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
      };
    throw e;
  }
}

describe("the dependency rule of the architecture", () => {
  it("holds for the whole tree: core imports no framework, functions no adapter, no cycles", async () => {
    const report = await cruise("core", "functions", "infra");
    expect(report.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it("catches core importing a framework or the model SDK, or a function importing an adapter", async () => {
    const dir = path.join(ROOT, "core", "zz-architecture-probe");
    const fn = path.join(ROOT, "functions", "zz-architecture-probe");
    await mkdir(dir, { recursive: true });
    await mkdir(fn, { recursive: true });
    try {
      await writeFile(
        path.join(dir, "probe.ts"),
        'import { Hono } from "hono";\nimport OpenAI from "openai";\nimport "node:http";\nimport pg from "pg";\nimport { PGlite } from "@electric-sql/pglite";\nexport const app = new Hono();\nexport const sdk = OpenAI;\nexport const db = [pg, PGlite];\n',
      );
      await writeFile(
        path.join(fn, "probe.ts"),
        'import { createSqlJobStore } from "../../infra/adapters/sql/sql-job-store";\nexport const s = createSqlJobStore;\n',
      );
      const report = await cruise("core/zz-architecture-probe", "functions/zz-architecture-probe");
      const rules = report.summary.violations.map((v) => v.rule.name).sort();
      expect(rules).toEqual([
        "core-no-framework",
        "core-no-framework",
        "core-no-framework",
        "core-no-framework",
        "core-no-framework",
        "functions-no-adapter",
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(fn, { recursive: true, force: true });
    }
  });
});
