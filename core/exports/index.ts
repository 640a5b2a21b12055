export { csvExport } from "./csv";
export {
  buildExport,
  EXPORT_FORMATS,
  type ExportFile,
  type ExportFormat,
  ExportFormatSchema,
  exportFileName,
} from "./formats";
export { jsonExport } from "./json";
export { markdownExport } from "./markdown";
export { obsidianExport, wikiLink } from "./obsidian";
export { readJobFiles, type ZipEntry, zipExport } from "./zip";
