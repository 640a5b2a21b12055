import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../test/helpers/pipeline-harness";

/**
 * The LLM test double in a process of its own, as a remote service would be: its own work
 * (tokenizing requests) does not stall the process being measured.
 */
export async function startDoubleProcess(
  delayMs: number,
): Promise<{ baseURL: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(ROOT, "node_modules/tsx/dist/cli.mjs"),
      path.join(ROOT, "test/llm-double/main.ts"),
      "--port",
      "0",
      "--delay-ms",
      String(delayMs),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const baseURL = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("the LLM test double did not start in 20 s")), 20_000);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => reject(new Error(`the LLM test double exited with ${code}`)));
  });
  return {
    baseURL,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
