import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Hono } from "hono";
import { httpFunctions } from "../../functions/manifest";
import type { FunctionDeps, HttpFunction } from "../../functions/shared/deps";
import { mountFunctions } from "../../infra/host/http-host";
import { ROOT } from "./pipeline-harness";

/** Every HTTP function of the manifest, from source, on one router as the host mounts them. */
export async function mountAllFunctions(deps: FunctionDeps): Promise<Hono> {
  const functions = await Promise.all(
    httpFunctions.map(async (spec) => ({
      spec,
      create: (await import(pathToFileURL(path.join(ROOT, spec.entry)).href)).default as HttpFunction,
    })),
  );
  return mountFunctions(functions, deps);
}
