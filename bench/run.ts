/**
 * `npm run bench [section...]`: runs the benchmark sections (all by default), prints their numbers
 * and writes them to bench/results/latest.json. Every ratio compares runs made in this same process
 * and run, never numbers from another machine or day.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseTranscript } from "../core/transcript";
import { ROOT } from "../test/helpers/pipeline-harness";
import { runComputedBench } from "./computed";
import { runDocxBombBench } from "./docx-bomb";
import { runEmbeddedHealthBench } from "./embedded-health";
import { runPipelineBench } from "./pipeline";
import { runSearchBench } from "./search";
import { runBundleBench, runHttpBench, runQueueBench } from "./service";
import { runStoreBench } from "./store";

const SECTIONS: Record<string, () => Promise<unknown>> = {
  computed: () => runComputedBench({ parse: (text) => parseTranscript(text, { format: "text" }) }),
  pipeline: () => runPipelineBench(),
  http: () => runHttpBench(),
  queue: () => runQueueBench(),
  bundles: () => runBundleBench(),
  "docx-bomb": () => runDocxBombBench(),
  "embedded-health": () => runEmbeddedHealthBench(),
  store: () => runStoreBench(),
  search: () => runSearchBench(),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in SECTIONS));
if (unknown.length > 0) {
  console.error(`Unknown section(s): ${unknown.join(", ")}. Sections: ${Object.keys(SECTIONS).join(", ")}`);
  process.exit(2);
}

const results: Record<string, unknown> = {
  machine: {
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
  },
  ranAt: new Date().toISOString(),
};
for (const name of wanted.length > 0 ? wanted : Object.keys(SECTIONS)) {
  console.error(`bench: ${name}…`);
  results[name] = await SECTIONS[name]!();
  console.log(`\n## ${name}\n${JSON.stringify(results[name], null, 2)}`);
}
const out = path.join(
  ROOT,
  "bench",
  "results",
  wanted.length > 0 ? `${wanted.join("-")}.json` : "latest.json",
);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
console.error(`bench: written to ${path.relative(ROOT, out)}`);
