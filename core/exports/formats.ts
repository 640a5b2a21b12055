import * as v from "valibot";
import { type JobView, loadJobView } from "../jobs/job-view";
import type { JobStore, Vault } from "../ports";
import { csvExport } from "./csv";
import { loadJobFiles } from "./job-files";
import { jsonExport } from "./json";
import { markdownExport } from "./markdown";
import { obsidianExport } from "./obsidian";
import { type ZipEntry, zipExport } from "./zip";

export const EXPORT_FORMATS = ["md", "json", "csv", "obsidian", "zip"] as const;
export const ExportFormatSchema = v.picklist(EXPORT_FORMATS);
export type ExportFormat = v.InferOutput<typeof ExportFormatSchema>;

interface TextFormat {
  extension: string;
  contentType: string;
  render: (b: JobView) => string;
}

/** The text formats; the zip holds each of them under `exports/`. */
const TEXT_FORMATS: Record<Exclude<ExportFormat, "zip">, TextFormat> = {
  md: { extension: "md", contentType: "text/markdown; charset=utf-8", render: markdownExport },
  json: { extension: "json", contentType: "application/json; charset=utf-8", render: jsonExport },
  csv: { extension: "csv", contentType: "text/csv; charset=utf-8", render: csvExport },
  obsidian: { extension: "obsidian.md", contentType: "text/markdown; charset=utf-8", render: obsidianExport },
};

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: string | Uint8Array;
}

export const exportFileName = (jobId: string, extension: string) => `transcript-${jobId}.${extension}`;

/**
 * A job in one export format, with the file name and content type to download it as; all from the
 * store. Reading is done here; rendering by `render` (a worker thread in the hosts), since a big
 * job takes a while.
 */
export async function buildExport(
  jobId: string,
  format: ExportFormat,
  deps: { store: Pick<JobStore, "get" | "record" | "input" | "result">; vault?: Vault | undefined },
  render: (view: JobView, format: ExportFormat, files: readonly ZipEntry[]) => Promise<ExportFile> = async (
    ...args
  ) => renderExport(...args),
): Promise<ExportFile> {
  if (format !== "zip") return render(await loadJobView(jobId, deps.store, deps.vault), format, []);
  const { view, files } = await loadJobFiles(jobId, deps.store, deps.vault);
  return render(view, format, files);
}

/** The export of a loaded job; for a zip, `files` are the job's files to put in it. */
export function renderExport(view: JobView, format: ExportFormat, files: readonly ZipEntry[]): ExportFile {
  const { jobId } = view.doc;
  if (format !== "zip") {
    const f = TEXT_FORMATS[format];
    return {
      fileName: exportFileName(jobId, f.extension),
      contentType: f.contentType,
      body: f.render(view),
    };
  }
  const exports = Object.values(TEXT_FORMATS).map((f) => ({
    path: exportFileName(jobId, f.extension),
    content: f.render(view),
  }));
  return {
    fileName: exportFileName(jobId, "zip"),
    contentType: "application/zip",
    body: zipExport(view, files, exports),
  };
}
