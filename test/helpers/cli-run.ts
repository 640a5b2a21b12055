import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { main } from "../../infra/host/cli/main";

/**
 * Runs the CLI in-process with captured streams, in `work` (its output and library folders there);
 * `stderr` is not a terminal, as when piped.
 */
export async function runCli(
  work: string,
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => {
    out += d;
  });
  stderr.on("data", (d) => {
    err += d;
  });
  const code = await main(args, {
    stdout,
    stderr,
    stdin: Readable.from([options.stdin ?? ""]),
    env: { OUTPUT_DIR: path.join(work, "output"), DATA_DIR: path.join(work, "data"), ...options.env },
    cwd: work,
  });
  return { code, out, err };
}
