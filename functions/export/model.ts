import { InputError } from "../../core/errors";
import { EXPORT_FORMATS, type ExportFile, type ExportFormat } from "../../core/exports";

/** The `format` query; Markdown when it is left out. */
export function exportFormatFrom(value: string | undefined): ExportFormat {
  if (value === undefined) return "md";
  if ((EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw new InputError(
    "invalid_request",
    `Unknown export format "${value.slice(0, 20)}"; use one of: ${EXPORT_FORMATS.join(", ")}.`,
    { details: { path: "format", formats: [...EXPORT_FORMATS] } },
  );
}

/** Headers that make a browser save the export under its name rather than show it. */
export const downloadHeaders = (file: ExportFile): Record<string, string> => ({
  "Content-Type": file.contentType,
  "Content-Disposition": `attachment; filename="${file.fileName}"`,
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "private, no-store",
});
