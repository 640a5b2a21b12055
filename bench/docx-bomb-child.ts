/**
 * One measured run of a .docx bomb, in a process of its own so its memory is its own: a 1 MB zip
 * whose document.xml claims 1,000 bytes and inflates to 1 GB. `capped` reads it as uploads do
 * (parseTranscript); `mammoth` hands it to mammoth directly, as the reader did before the cap.
 * Prints one JSON line: RSS before, after and at its peak, time, and the error code.
 */
import { createDeflateRaw } from "node:zlib";
import mammoth from "mammoth";
import { parseTranscript } from "../core/transcript";
import { lyingZip } from "../core/transcript/zip-bomb.test-helper";

const INFLATED = 1024 ** 3;
const mode = process.argv[2] === "mammoth" ? "mammoth" : "capped";
const parallel = Number(process.argv[3] ?? "1");

async function deflatedGigabyte(): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (d: Buffer) => out.push(d));
  const done = new Promise((r) => deflate.on("end", r));
  const mb = Buffer.alloc(1024 * 1024, " ");
  for (let i = 0; i < INFLATED / mb.length; i++) {
    if (!deflate.write(mb)) await new Promise((r) => deflate.once("drain", r));
  }
  deflate.end();
  await done;
  return new Uint8Array(Buffer.concat(out));
}

const mbOf = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const deflated = await deflatedGigabyte();
const bomb = lyingZip([{ name: "word/document.xml", deflated, claimedSize: 1_000 }]);
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const outcomes = await Promise.all(
  Array.from({ length: parallel }, async () => {
    try {
      if (mode === "mammoth") await mammoth.extractRawText({ buffer: Buffer.from(bomb) });
      else await parseTranscript(bomb, { fileName: "bomb.docx" });
      return "read";
    } catch (e) {
      return (e as { code?: string }).code ?? (e as Error).name;
    }
  }),
);
const ms = performance.now() - started;
const rssAfter = process.memoryUsage().rss;
console.log(
  JSON.stringify({
    mode,
    parallel,
    zipMb: mbOf(bomb.length),
    inflatesToMb: mbOf(INFLATED),
    claimedBytes: 1_000,
    outcomes,
    ms: Math.round(ms),
    rssBeforeMb: mbOf(rssBefore),
    rssAfterMb: mbOf(rssAfter),
    peakRssMb: mbOf(process.resourceUsage().maxRSS * 1024),
  }),
);
