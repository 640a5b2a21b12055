import type { Plugin } from "esbuild";
import type { FunctionSpec, QueueFunctionSpec } from "../../functions/manifest";

export interface LambdaEntry {
  /** The Lambda's name: the HTTP function's, or `queue` for the SQS consumer. */
  name: string;
  /** The generated entry module, resolved from the package root. */
  source: string;
}

/**
 * One Lambda entry per HTTP function of the manifest, plus the SQS consumer, as generated module
 * text: nothing to keep in step by hand. Each entry also imports the queue functions, which run
 * in-process when no REDIS_URL is set (the single-container smoke mode).
 */
export function lambdaEntries(manifest: readonly FunctionSpec[]): LambdaEntry[] {
  const queue = manifest.filter((f): f is QueueFunctionSpec => f.kind === "queue");
  const queueImports = queue.map((f, i) => `import q${i} from "./${f.entry}";`).join("\n");
  const queueMap = `const queueFunctions = { ${queue.map((f, i) => `${JSON.stringify(f.task)}: q${i}`).join(", ")} };`;
  const http = manifest
    .filter((f) => f.kind === "http")
    .map((f) => ({
      name: f.name,
      source: [
        `import create from "./${f.entry}";`,
        `import { lambdaHttp } from "./infra/faas/lambda-http.ts";`,
        queueImports,
        queueMap,
        "export const handler = lambdaHttp(create, queueFunctions);",
      ].join("\n"),
    }));
  const consumer: LambdaEntry = {
    name: "queue",
    source: [
      `import { sqsHandler } from "./infra/faas/sqs-handler.ts";`,
      queueImports,
      queueMap,
      "export const handler = sqsHandler(queueFunctions);",
    ].join("\n"),
  };
  if (http.some((e) => e.name === consumer.name))
    throw new Error(`an HTTP function may not be named "${consumer.name}"`);
  return [...http, consumer];
}

const PREFIX = "lambda-entry:";

/** The esbuild entry points for `entries`: `<name>/index`, so the handler is `<name>/index.handler`. */
export function lambdaEntryPoints(entries: LambdaEntry[]): Array<{ in: string; out: string }> {
  return entries.map((e) => ({ in: `${PREFIX}${e.name}`, out: `${e.name}/index` }));
}

/** Serves the generated entry modules to esbuild; their imports resolve from `root`. */
export function lambdaEntryPlugin(entries: LambdaEntry[], root: string): Plugin {
  return {
    name: "lambda-entries",
    setup(b) {
      b.onResolve({ filter: /^lambda-entry:/ }, (args) => ({
        path: args.path.slice(PREFIX.length),
        namespace: "lambda-entry",
      }));
      b.onLoad({ filter: /.*/, namespace: "lambda-entry" }, (args) => ({
        contents: entries.find((e) => e.name === args.path)?.source ?? "",
        resolveDir: root,
        loader: "ts",
      }));
    },
  };
}
