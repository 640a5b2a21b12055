import { parentPort } from "node:worker_threads";
import { isAppError } from "../../core/errors";
import { inlineCpuWork } from "../../core/pipeline/cpu-work";
import { CPU_WORKER_READY, type CpuReply, type CpuRequest } from "./cpu-worker-protocol";

/**
 * A worker thread of the CPU pool: runs one CpuWork operation at a time with the same code the
 * caller's thread would, and answers its value or its error's code and message.
 */
const port = parentPort;
if (port) {
  port.on("message", async ({ id, op, args }: CpuRequest) => {
    try {
      const run = inlineCpuWork[op] as (...a: unknown[]) => Promise<unknown>;
      const value = await run(...args);
      port.postMessage({ id, ok: true, value } satisfies CpuReply);
    } catch (e) {
      const error = isAppError(e)
        ? {
            code: e.code,
            message: e.message,
            input: e.name === "InputError",
            ...(e.details ? { details: e.details } : {}),
          }
        : { message: e instanceof Error ? e.message : String(e), input: false };
      port.postMessage({ id, ok: false, error } satisfies CpuReply);
    }
  });
  // Loaded: steps are timed from here, not from the thread's start-up.
  port.postMessage(CPU_WORKER_READY);
}
