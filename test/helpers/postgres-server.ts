import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { chmod, chown, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./redis-server";

const run = promisify(execFile);

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`. */
  url: string;
  port: number;
  dir: string;
  /** The server's log, for a test that needs to say why something failed. */
  logFile: string;
  /** A new empty database on this server; its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server (fast shutdown): clients see their connections end. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
}

const NOT_INSTALLED =
  "PostgreSQL is not installed (apt-get install postgresql): no initdb under /usr/lib/postgresql/<version>/bin";
const TEMP_PREFIX = "pg-test-";

/** Debian's server binaries, the newest version installed (never a PATH shim). */
export function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(NOT_INSTALLED);
  return path.join(root, versions[0]!, "bin");
}

/**
 * A throwaway PostgreSQL cluster on loopback and a free port, as Debian installs it: `initdb` and
 * `pg_ctl`, run as the `postgres` user when this process is root (PostgreSQL refuses root). Tests
 * that need it fail when PostgreSQL is missing, never skip. Durability is off: it is thrown away.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  await removeStaleDirs();
  const bin = postgresBinDir();
  const dir = await mkdtemp(path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "postgres.log");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]).catch(() => {
      throw new Error("running as root needs the `postgres` user that Debian's postgresql package creates");
    });
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    await chmod(dir, 0o700);
  }
  const as = (cmd: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args])
      : run(path.join(bin, cmd), args);

  await as("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
  ].join(" ");
  const start = async () => {
    await as("pg_ctl", ["-D", data, "-l", logFile, "-o", options, "-w", "-t", "30", "start"]).catch(
      async (e) => {
        const log = await readFile(logFile, "utf8").catch(() => "");
        throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${log.slice(-2000)}`);
      },
    );
  };
  await start();
  let running = true;
  // A test process that ends without stopping its server must not leave it running.
  process.once("exit", () => {
    if (!running) return;
    try {
      const pid = Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
      if (pid) process.kill(pid, "SIGQUIT");
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    url,
    port,
    dir,
    logFile,
    async createDatabase(name = `t${process.pid}_${++databases}_${Date.now().toString(36)}`) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        // A name from this helper only (letters, digits, _), so quoting it is safe.
        if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url.replace(/\/postgres$/, `/${name}`);
    },
    async stop() {
      if (!running) return;
      running = false;
      await as("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]).catch(() => {});
    },
    async start() {
      if (running) return;
      await start();
      running = true;
    },
  };
}

/** Stops and removes the clusters of test processes that are gone (a runner may end them with a signal). */
async function removeStaleDirs(): Promise<void> {
  const owner = new RegExp(`^${TEMP_PREFIX}(\\d+)-`);
  for (const name of await readdir(os.tmpdir()).catch(() => [])) {
    const pid = Number(owner.exec(name)?.[1]);
    if (!pid || alive(pid)) continue;
    const dir = path.join(os.tmpdir(), name);
    const server = Number(
      (await readFile(path.join(dir, "data", "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0],
    );
    if (server && alive(server)) {
      const cmdline = await readFile(`/proc/${server}/cmdline`, "utf8").catch(() => "");
      if (cmdline.includes("postgres")) process.kill(server, "SIGQUIT");
    }
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
