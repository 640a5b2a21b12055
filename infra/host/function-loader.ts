import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  type FunctionSpec,
  type HttpFunctionSpec,
  type QueueFunctionSpec,
  queueFunctions,
} from "../../functions/manifest";
import type { HttpFunction } from "../../functions/shared/deps";
import type { QueueFunction } from "../../functions/shared/queue";
import type { QueueFunctions } from "../runtime";

/**
 * Where the built function bundles are: `dist/functions/<name>/index.mjs`, beside the host's own
 * bundle in `dist/host/`. The host loads exactly what the manifest names, so the build and the
 * mounting cannot disagree.
 */
export function bundlePath(distDir: string, spec: FunctionSpec): string {
  return path.join(distDir, "functions", spec.name, "index.mjs");
}

export async function loadHttpFunction(distDir: string, spec: HttpFunctionSpec): Promise<HttpFunction> {
  return (await import(pathToFileURL(bundlePath(distDir, spec)).href)).default as HttpFunction;
}

export async function loadQueueFunction(distDir: string, spec: QueueFunctionSpec): Promise<QueueFunction> {
  return (await import(pathToFileURL(bundlePath(distDir, spec)).href)).default as QueueFunction;
}

/** Every queue function the manifest names, by the task it runs. */
export async function loadQueueFunctions(distDir: string): Promise<QueueFunctions> {
  return Object.fromEntries(
    await Promise.all(
      queueFunctions.map(async (spec) => [spec.task, await loadQueueFunction(distDir, spec)]),
    ),
  ) as QueueFunctions;
}
