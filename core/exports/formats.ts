import * as v from "valibot";
import { type JobView, loadJobView } from "../jobs/job-view";
import type { JobStore } from "../ports";
import { csvExport } from "./csv";
import { loadJobFiles } from "./job-files";
import { jsonExport } from "./json";
import { markdownExport } from "./markdown";
import { obsidianExport } from "./obsidian";
import { zipExport } from "./zip";

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

/** A job in one export format, with the file name and content type to download it as; all from the store. */
export async function buildExport(
  jobId: string,
  format: ExportFormat,
  deps: { store: Pick<JobStore, "get" | "record" | "input" | "result"> },
): Promise<ExportFile> {
  if (format !== "zip") {
    const view = await loadJobView(jobId, deps.store);
    const f = TEXT_FORMATS[format];
    return {
      fileName: exportFileName(jobId, f.extension),
      contentType: f.contentType,
      body: f.render(view),
    };
  }
  const { view, files } = await loadJobFiles(jobId, deps.store);
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
