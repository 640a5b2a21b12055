import type { PipelineDeps } from "../../core/pipeline/deps";
import type { JobQueue, QueueTask } from "../../core/ports";
import type { FunctionDeps, Logger } from "../../functions/shared/deps";
import { createMemoryQueue } from "../adapters/memory-queue";
import { type Config, loadConfig } from "../config";
import { createStateAdapters, type StateAdapters } from "../host/adapters";
import { buildFunctionDeps, pipelineDeps, secretsFor } from "../host/function-deps";
import { dispatcher, type QueueFunctions } from "../host/queue-dispatch";
import { createLogger } from "../logger";
import { webhookFromConfig } from "../webhook";

/** What one FaaS container (a Lambda instance) builds once and keeps for its warm invocations. */
export interface FaasRuntime {
  config: Config;
  log: Logger;
  state: StateAdapters;
  pipeline: PipelineDeps;
  /** Where follow-up tasks go: the Redis queue with REDIS_URL, else this container's own. */
  queue: JobQueue;
  /** Runs a task with the queue function the manifest assigns to it. */
  run: (task: QueueTask, attempt: { number: number; max: number }) => Promise<unknown>;
  /** Resolves when this container's own queue has run everything (at once with REDIS_URL). */
  idle: () => Promise<void>;
  /** The deps an HTTP function's factory takes. */
  functionDeps: () => FunctionDeps;
}

/**
 * The environment decides the adapters, as in the Node hosts: REDIS_URL → the Redis state and
 * queue (shared by every function and the workers); without it, memory state and an in-process
 * queue, which only holds for one container: a smoke test, not a deployment. Follow-up tasks go
 * to that queue too; a platform queue (an SQS producer) would be a JobQueue adapter of its own.
 */
export async function createFaasRuntime(
  functions: QueueFunctions,
  role: "http" | "queue",
  env: Record<string, string | undefined> = process.env,
): Promise<FaasRuntime> {
  const config = loadConfig(env);
  const log = createLogger(role === "http" ? "faas-http" : "faas-queue", config.logLevel);
  const state = await createStateAdapters(config, log);
  const secrets = secretsFor(config, log);
  // A queue consumer's retry is the platform's redelivery, so its provider tries once per
  // delivery; HTTP functions (analyze-now calls the model) keep the provider's retries.
  const pipeline = pipelineDeps(config, state, secrets, role === "queue" ? 1 : undefined);
  const notify = webhookFromConfig(config, log);
  let queue: JobQueue;
  const run = dispatcher({ functions, deps: pipeline, queue: () => queue, ...(notify ? { notify } : {}) });
  let idle = async () => {};
  if (state.queue) queue = state.queue;
  else {
    const local = createMemoryQueue({
      handle: run,
      concurrency: config.llm.concurrency,
      attempts: 1,
      backoffMs: config.jobs.backoffMs,
      onFailed: (task, err) => log.error({ task, err }, "task failed"),
    });
    queue = local;
    idle = () => local.idle();
  }
  return {
    config,
    log,
    state,
    pipeline,
    queue,
    run,
    idle,
    functionDeps: () => buildFunctionDeps({ config, log, state, queue, secrets, pipeline }),
  };
}
