export { csvExport } from "./csv";
export {
  buildExport,
  EXPORT_FORMATS,
  type ExportFile,
  type ExportFormat,
  ExportFormatSchema,
  exportFileName,
} from "./formats";
export { jobFiles, loadJobFiles } from "./job-files";
export { jsonExport } from "./json";
export { markdownExport } from "./markdown";
export { obsidianExport, wikiLink } from "./obsidian";
export { type ZipEntry, zipExport } from "./zip";
