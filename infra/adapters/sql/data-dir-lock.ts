import { readFileSync } from "node:fs";
import { open, readFile, rm } from "node:fs/promises";
import os from "node:os";
import { AppError } from "../../../core/errors";

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * A lock file beside a PGlite data directory: PGlite is one process's database, and a second process
 * writing the same files would corrupt them. The lock names its holder; one left by a process that
 * is gone (a crash, kill -9) is taken over.
 */
export async function lockDataDir(dir: string, what = "the database"): Promise<() => Promise<void>> {
  const file = `${dir}.lock`;
  const me: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      return async () => {
        const holder = await readOwner(file);
        if (holder?.pid === me.pid && holder.host === me.host) await rm(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = await readOwner(file);
    if (holder && isAlive(holder)) {
      throw new AppError(
        "conflict",
        `${what} in ${dir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.startedAt}). ` +
          "PGlite lets only one process open it: stop that process (e.g. `npm start`), give this one another DATA_DIR, " +
          `or set DATABASE_URL to share a PostgreSQL server. If no such process runs, delete ${file}.`,
      );
    }
    // Left behind by a process that is gone: take it over.
    await rm(file, { force: true });
  }
  throw new AppError("conflict", `Could not take the lock ${file}; another process keeps taking it.`);
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(file, "utf8")) as Partial<LockOwner>;
    return typeof owner.pid === "number" && typeof owner.host === "string" ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

/** On this machine: the process exists and is a node process. On another host we cannot tell, so it counts as alive. */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // A pid reused after a reboot by something else is not our holder.
  try {
    const cmdline = readFileSync(`/proc/${owner.pid}/cmdline`, "utf8");
    return /node|bun|deno/.test(cmdline);
  } catch {
    return true;
  }
}
