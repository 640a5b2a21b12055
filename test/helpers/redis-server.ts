import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface RedisServer {
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  port: number;
  /** Where the AOF lives; `restart()` reloads from here. */
  dir: string;
  /** SIGTERM: Redis flushes the AOF and exits. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing flushed beyond what `appendfsync everysec` already wrote. */
  kill(): Promise<void>;
  /** Starts it again on the same port and dir (stopping it first if it still runs). */
  restart(): Promise<void>;
}

const NOT_INSTALLED = "redis-server is not installed (apt-get install redis-server)";
const TEMP_PREFIX = "redis-test-";

/**
 * A real `redis-server` for a test file, on loopback and a free port, configured as production
 * should be (AOF, noeviction). Tests that need Redis fail when it is missing, never skip.
 */
export async function startRedisServer(
  options: { appendonly?: boolean; dir?: string } = {},
): Promise<RedisServer> {
  await removeStaleDirs();
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}-`)));
  const port = await freePort();
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    options.appendonly === false ? "no" : "yes",
    "--appendfsync",
    "everysec",
    "--maxmemory-policy",
    "noeviction",
    "--dir",
    dir,
    "--pidfile",
    path.join(dir, "redis.pid"),
    "--loglevel",
    "warning",
  ];
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = await spawnRedis(args, port);
  };
  const end = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill(signal);
    await exited;
  };

  await launch();
  // A test process that ends without stopping its server must not leave Redis or its files behind.
  process.once("exit", () => {
    child?.kill("SIGKILL");
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
    restart: async () => {
      await end("SIGTERM");
      await launch();
    },
  };
}

async function spawnRedis(args: string[], port: number): Promise<ChildProcess> {
  if (!onPath("redis-server")) throw new Error(NOT_INSTALLED);
  const child = spawn("redis-server", args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  let onError: (e: NodeJS.ErrnoException) => void = () => {};
  let onExit: (code: number | null, signal: string | null) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    onError = (e) => reject(e.code === "ENOENT" ? new Error(NOT_INSTALLED) : e);
    onExit = (code, signal) =>
      reject(new Error(`redis-server exited at start (${code ?? signal}): ${stderr.trim()}`));
  });
  child.once("error", onError);
  child.once("exit", onExit);
  const ready = waitForPong(port, () => child.exitCode !== null || child.signalCode !== null);
  // Whichever loses the race must not surface later as an unhandled rejection.
  for (const p of [failed, ready]) p.catch(() => {});
  try {
    await Promise.race([ready, failed]);
  } finally {
    child.off("error", onError);
    child.off("exit", onExit);
  }
  return child;
}

async function waitForPong(port: number, gone: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone()) {
    if (await ping(port)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`redis-server did not answer PING on port ${port} within ${timeoutMs} ms`);
}

/** One raw PING, so waiting needs no client library and leaves no connection behind. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (d) => {
      reply += String(d);
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

/**
 * The folders of test processes that are gone. A test runner may end its workers with a signal,
 * so a process cannot always clean up after itself; the next one does.
 */
async function removeStaleDirs(): Promise<void> {
  const owner = new RegExp(`^${TEMP_PREFIX}(\\d+)-`);
  for (const name of await readdir(os.tmpdir()).catch(() => [])) {
    const pid = Number(owner.exec(name)?.[1]);
    if (!pid || alive(pid)) continue;
    const dir = path.join(os.tmpdir(), name);
    // Its redis-server may have outlived it.
    const server = Number(await readFile(path.join(dir, "redis.pid"), "utf8").catch(() => ""));
    if (server && alive(server) && (await isRedisServer(server))) process.kill(server, "SIGKILL");
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

async function isRedisServer(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return cmdline.startsWith("redis-server");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function onPath(binary: string): boolean {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .some((dir) => dir !== "" && existsSync(path.join(dir, binary)));
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
