import { strToU8, type Zippable, zipSync } from "fflate";
import type { JobView } from "../jobs/job-view";

export interface ZipEntry {
  path: string;
  content: string | Uint8Array;
}

/**
 * One zip of a job: its files, then the generated exports under `exports/`. Entries are sorted
 * by path and dated by the job's last update, so the same job always gives the same bytes.
 */
export function zipExport(b: JobView, files: readonly ZipEntry[], exports: readonly ZipEntry[]): Uint8Array {
  const entries = new Map<string, Uint8Array>();
  for (const f of files) entries.set(f.path, bytes(f.content));
  for (const f of exports) entries.set(`exports/${f.path}`, bytes(f.content));
  const mtime = new Date(b.doc.finishedAt ?? b.doc.updatedAt);
  const data: Zippable = {};
  for (const path of [...entries.keys()].sort()) data[path] = [entries.get(path)!, { mtime }];
  return zipSync(data, { level: 6 });
}

const bytes = (content: string | Uint8Array) => (typeof content === "string" ? strToU8(content) : content);
