import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../test/helpers/pipeline-harness";

export interface TsxService {
  /** The first match of `urlPattern`'s group 1 in the service's output. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A TypeScript service of this repo in a process of its own (run by tsx), resolved once it prints
 * the URL it listens on. Its work then does not stall the process being measured.
 */
export async function startTsxService(
  script: string,
  args: string[],
  urlPattern: RegExp,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TsxService> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, script), ...args],
    {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 60 s`)), 60_000);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = urlPattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}`));
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The LLM test double answering every call `delayMs` after it arrives, as a remote service would. */
export async function startDoubleProcess(
  delayMs: number,
): Promise<{ baseURL: string; stop(): Promise<void> }> {
  const service = await startTsxService(
    "test/llm-double/main.ts",
    ["--port", "0", "--delay-ms", String(delayMs)],
    /(http:\/\/127\.0\.0\.1:\d+\/v1)/,
  );
  return { baseURL: service.url, stop: service.stop };
}
