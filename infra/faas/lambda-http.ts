import type { Hono } from "hono";
import { handle, type LambdaContext, type LambdaEvent } from "hono/aws-lambda";
import type { HttpFunction } from "../../functions/shared/deps";
import { loadConfig } from "../config";
import { createRuntime, type QueueFunctions } from "../runtime";

type LambdaHandler = ReturnType<typeof handle>;

/**
 * An AWS Lambda handler for one HTTP function: `handle(create(deps))` from hono/aws-lambda,
 * with deps built from the environment on the first invocation and kept while the container is
 * warm. A failed start is not kept, so the next invocation tries again.
 */
export function lambdaHttp(
  create: HttpFunction,
  functions: QueueFunctions,
  env: Record<string, string | undefined> = process.env,
) {
  let ready: Promise<LambdaHandler> | undefined;
  return async (event: LambdaEvent, context?: LambdaContext) => {
    ready ??= createRuntime(loadConfig(env), "faas-http", { functions }).then(
      (runtime) => handle(create(runtime.functionDeps()) as unknown as Hono),
      (error) => {
        ready = undefined;
        throw error;
      },
    );
    return (await ready)(event, context);
  };
}
