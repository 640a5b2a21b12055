import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../core/errors";
import { isJobId } from "../../core/jobs/job-id";
import type { ArtifactStore } from "../../core/ports";
import { isMissing, writeFileAtomic } from "./fs-files";

/**
 * Job files under `<root>/jobs/<jobId>/` (or in the one folder `options.folder` names, as the CLI's
 * `--out` does); no path can leave the job's folder.
 */
export function createFsArtifactStore(root: string, options: { folder?: string } = {}): ArtifactStore {
  const jobsDir = path.resolve(root, "jobs");

  const jobDir = (jobId: string) => {
    if (!isJobId(jobId))
      throw new AppError("invalid_request", `"${String(jobId).slice(0, 40)}" is not a job id.`);
    return options.folder ? path.resolve(options.folder) : path.join(jobsDir, jobId);
  };

  const resolveInside = (jobId: string, relative: string) => {
    const dir = jobDir(jobId);
    const full = path.resolve(dir, safeRelative(relative));
    if (!full.startsWith(dir + path.sep)) throw outside(relative);
    return full;
  };

  return {
    async write(jobId, relative, content) {
      const full = resolveInside(jobId, relative);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFileAtomic(full, content);
    },

    async read(jobId, relative) {
      try {
        return new Uint8Array(await readFile(resolveInside(jobId, relative)));
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },

    async remove(jobId) {
      // `--out` names a folder of the person's choosing: never deleted from here.
      if (!options.folder) await rm(jobDir(jobId), { recursive: true, force: true });
    },

    async list(jobId) {
      const dir = jobDir(jobId);
      try {
        const entries = await readdir(dir, { recursive: true, withFileTypes: true });
        return entries
          .filter((e) => e.isFile() && !e.name.endsWith(".tmp"))
          .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
          .sort();
      } catch (e) {
        if (isMissing(e)) return [];
        throw e;
      }
    },
  };
}

/** Rejects what no job file is ever called: absolute paths, `..`, NUL, backslashes, empty names. */
function safeRelative(relative: string): string {
  if (
    typeof relative !== "string" ||
    relative.length === 0 ||
    relative.length > 300 ||
    relative.includes("\0") ||
    relative.includes("\\") ||
    relative.startsWith("/") ||
    relative.split("/").some((part) => part === ".." || part === "." || part === "")
  ) {
    throw outside(relative);
  }
  return relative;
}

const outside = (relative: unknown) =>
  new AppError("invalid_request", `"${String(relative).slice(0, 80)}" is not a file of this job.`);
