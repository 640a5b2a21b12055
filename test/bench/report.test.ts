import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeReport } from "../../bench/report";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tree(files: Record<string, unknown>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "bench-report-"));
  dirs.push(root);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return root;
}

const MACHINE = { node: "v20.0.0", cpus: 2, cpu: "Test CPU", memGiB: 24 };

describe("BENCHMARKS.md", () => {
  it("shows each section from its newest run with the machine and the command that reproduces it", async () => {
    const root = await tree({
      "bench/results/latest.json": {
        machine: MACHINE,
        ranAt: "2026-01-01T00:00:00.000Z",
        store: { history: { p99Ms: 90 } },
        queue: { ratioToIdeal: 1.17, byDelay: [1, 2] },
      },
      "bench/results/store.json": {
        machine: MACHINE,
        ranAt: "2026-02-01T00:00:00.000Z",
        store: { history: { p99Ms: 40 } },
      },
      "eval/results/latest.json": { ranAt: "2026-03-01T00:00:00.000Z", means: {} },
      "eval/results/latest.md": "# Evaluation\n\n## Summary\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n",
    });
    const text = await readFile(await writeReport(root), "utf8");
    const section = (name: string) => text.split(`## ${name}\n`)[1]?.split(/\n## (?!#)/)[0] ?? "";
    expect(section("store")).toContain("| history.p99Ms | 40 |");
    expect(section("store")).not.toContain("| 90 |");
    expect(section("store")).toContain("`npm run bench store` (written to `bench/results/store.json`)");
    expect(section("store")).toContain("2 × Test CPU, 24 GiB, Node v20.0.0");
    expect(section("queue")).toContain("| byDelay | 1, 2 |");
    // An evaluation brings its own tables, one heading level down.
    expect(section("eval results")).toContain("`npm run eval`");
    expect(section("eval results")).toContain("### Summary\n\n| a | b |");
  });

  it("keeps a suite's report (it names its command) whole, under its file's name", async () => {
    const root = await tree({
      "bench/results/chaos-kills.json": {
        ranAt: "2026-01-01T00:00:00.000Z",
        machine: MACHINE,
        jobs: 100,
        kills: 5,
        command: "npm run test:chaos",
      },
      "bench/results/load.json": {
        ranAt: "2026-01-02T00:00:00.000Z",
        machine: MACHINE,
        jobs: 500,
        command: "npm run test:load",
      },
    });
    const text = await readFile(await writeReport(root), "utf8");
    const section = (name: string) => text.split(`## ${name}\n`)[1]?.split(/\n## (?!#)/)[0] ?? "";
    expect(section("chaos-kills")).toContain(
      "`npm run test:chaos` (written to `bench/results/chaos-kills.json`)",
    );
    expect(section("chaos-kills")).toContain("| kills | 5 |");
    expect(section("load")).toContain("| jobs | 500 |");
    expect(text).not.toContain("## jobs");
  });

  it("shows the search evaluation beside the analyses' evaluation, with its own command", async () => {
    const root = await tree({
      "eval/results/latest.json": { ranAt: "2026-03-01T00:00:00.000Z", means: {} },
      "eval/results/latest.md": "# Evaluation\n\n## Summary\n",
      "eval/results/search.json": { ranAt: "2026-03-02T00:00:00.000Z", halves: {} },
      "eval/results/search.md": "# Search\n\n## hit@10\n",
      // `npm run bench search` writes a file of the same name among the benchmarks.
      "bench/results/search.json": {
        ranAt: "2026-03-03T00:00:00.000Z",
        machine: MACHINE,
        search: { pglite: { p99Ms: 80.8 } },
      },
    });
    const text = await readFile(await writeReport(root), "utf8");
    expect(text).toContain("## eval results\n");
    expect(text).toContain("## eval results: search\n");
    expect(text).toContain("`npm run eval:search` (written to `eval/results/search.json`)");
    expect(text).toContain("`npm run bench search` (written to `bench/results/search.json`)");
    expect(text).not.toContain("`npm run eval:search` (written to `bench/results/search.json`)");
  });
});
