import { randomBytes } from "node:crypto";
import { rename, rm, utimes, writeFile } from "node:fs/promises";

/** True for the error a read of a missing file or folder throws. */
export const isMissing = (e: unknown): boolean => (e as NodeJS.ErrnoException)?.code === "ENOENT";

/**
 * Writes to a temp file beside `file`, then renames it into place, so a reader (or a crash) never
 * sees half a file. The temp name is random: two writers of one file never share it, and a failed
 * write leaves nothing behind.
 */
export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array,
  mtime?: Date,
): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temp, content);
    if (mtime) await utimes(temp, mtime, mtime);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
