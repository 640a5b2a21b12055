/**
 * The .docx bomb of issue 10 (1 MB that claims 1,000 bytes and inflates to 1 GB), read the capped
 * way and handed to mammoth uncapped, each in a fresh process, once alone and six at a time.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../test/helpers/pipeline-harness";

const run = promisify(execFile);

async function child(mode: "capped" | "mammoth", parallel: number) {
  const { stdout } = await run(
    process.execPath,
    [
      "--expose-gc",
      path.join(ROOT, "node_modules/tsx/dist/cli.mjs"),
      path.join(ROOT, "bench/docx-bomb-child.ts"),
      mode,
      String(parallel),
    ],
    { cwd: ROOT, maxBuffer: 1 << 20, timeout: 300_000 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

export async function runDocxBombBench() {
  const capped = await child("capped", 1);
  const cappedSix = await child("capped", 6);
  const uncapped = await child("mammoth", 1);
  return {
    note: "each row is a fresh process; rssBefore is after building the bomb, peakRss the process high-water mark (it includes building the bomb)",
    capped,
    cappedSixAtOnce: cappedSix,
    uncappedMammoth: uncapped,
    peakGrowthCappedMb: Math.round((capped.peakRssMb - capped.rssBeforeMb) * 10) / 10,
    peakGrowthUncappedMb: Math.round((uncapped.peakRssMb - uncapped.rssBeforeMb) * 10) / 10,
  };
}
