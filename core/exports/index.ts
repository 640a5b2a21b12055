export { type AnalyzerOutput, isUnfinished, type JobBundle, loadJobBundle } from "./bundle";
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
export { bundleInsights } from "./provisional-insights";
export { readJobFiles, type ZipEntry, zipExport } from "./zip";
