import { AppError, InputError } from "../../core/errors";
import { loadJobFiles } from "../../core/exports";
import type { JobStore } from "../../core/ports";

export const MAX_PATH_CHARS = 200;
/** Names of letters, digits, `.`, `_`, `-` (not starting with `.`), separated by single `/`. */
const PATH_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/**
 * The `path` of a job file, checked before it reaches the artifact store: a relative path inside
 * the job's folder and nothing else. Each refusal says what was wrong, never echoing the input.
 */
export function jobFilePath(value: string | undefined): string {
  const refuse = (why: string) =>
    new InputError("invalid_request", `path ${why}`, { details: { path: "path" } });
  if (value === undefined || value === "")
    throw refuse("is required: a file of the job, e.g. final/insights.md.");
  if (value.length > MAX_PATH_CHARS) throw refuse(`is longer than ${MAX_PATH_CHARS} characters.`);
  if (PATH_PATTERN.test(value)) return value;
  // The most specific reason first; all of them are refused either way.
  if (/\p{Cc}/u.test(value)) throw refuse("contains a control character.");
  if (value.startsWith("/")) throw refuse("must be relative to the job's folder, not start with '/'.");
  if (value.includes("\\")) throw refuse("separates folders with '/', not '\\'.");
  if (value.split("/").some((part) => part.startsWith(".")))
    throw refuse("may not contain '..', '.' or names that start with '.'.");
  throw refuse("may only hold names of letters, digits, '.', '_' and '-', separated by single '/'.");
}

const TYPES: Record<string, string> = {
  md: "text/markdown; charset=utf-8",
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  log: "text/plain; charset=utf-8",
  vtt: "text/plain; charset=utf-8",
  srt: "text/plain; charset=utf-8",
};

/**
 * By extension only (never sniffed): known text types, plain text for names without one
 * (`COMPLETED`), and bytes for anything else, so nothing renders as HTML or script.
 */
export function contentTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return "text/plain; charset=utf-8";
  return TYPES[name.slice(dot + 1).toLowerCase()] ?? "application/octet-stream";
}

/** The file's own name, safe inside a quoted `Content-Disposition` filename. */
export const downloadName = (path: string): string =>
  path.slice(path.lastIndexOf("/") + 1).replace(/[^A-Za-z0-9._-]/g, "_") || "file";

/**
 * One file of a job, made from the store (never read from OUTPUT_DIR): only the files a job has
 * are served, so no path reaches the file system.
 */
export async function readJobFile(
  jobId: string,
  path: string,
  store: Pick<JobStore, "get" | "record" | "input" | "result">,
): Promise<string | Uint8Array> {
  const { files } = await loadJobFiles(jobId, store).catch((e: unknown) => {
    if ((e as AppError)?.code === "job_not_found")
      throw new AppError("not_found", `No job ${jobId}, or it has no files yet.`);
    throw e;
  });
  const file = files.find((f) => f.path === path);
  if (!file) throw new AppError("not_found", `Job ${jobId} has no file ${path}.`);
  return file.content;
}
