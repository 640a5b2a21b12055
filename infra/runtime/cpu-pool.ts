import { Worker } from "node:worker_threads";
import { AppError, type ErrorCode, InputError, type InputErrorCode } from "../../core/errors";
import { CPU_OPERATIONS, type CpuOperation, type CpuWork } from "../../core/pipeline/cpu-work";
import type { Logger } from "../../functions/shared/deps";
import { CPU_WORKER_READY, type CpuReply, type CpuRequest } from "./cpu-worker-protocol";
import { threadScript } from "./thread-script";

export interface CpuPoolOptions {
  threads: number;
  /** A step that runs longer has its thread stopped and fails with `step_timeout`. */
  timeoutMs: number;
  /** A thread's heap limit: a step that needs more fails with `too_large`. */
  memoryMb: number;
  log: Logger;
  /** The thread's module; by default the one beside this code (see `threadScript`). */
  script?: URL;
}

export interface CpuPool extends CpuWork {
  /** Operations running or waiting. */
  pending(): number;
  close(): Promise<void>;
}

interface Task {
  request: Omit<CpuRequest, "id">;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** Set once the thread has started: its start-up does not count against a step's time. */
  online: boolean;
  task?: { id: number; task: Task; timer?: NodeJS.Timeout; arm: () => void };
}

/**
 * CpuWork on worker threads, so parsing, the computed analyses and exports never stall the
 * host's event loop (health, other requests, BullMQ lock renewals). Each step is bounded in time
 * and memory: past either, its thread is stopped, a fresh one takes its place, and the step fails
 * with an error that says which bound it hit. Threads start when first needed.
 */
export function createCpuPool(options: CpuPoolOptions): CpuPool {
  const slots: Slot[] = [];
  const waiting: Task[] = [];
  let nextId = 1;
  let closed = false;
  const seconds = Math.round(options.timeoutMs / 100) / 10;

  const spawn = (): Slot => {
    const script = options.script
      ? { code: options.script, eval: false }
      : threadScript("./cpu-worker.mjs", "./cpu-worker.ts");
    const worker = new Worker(script.code, {
      eval: script.eval,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    });
    const slot: Slot = { worker, online: false };
    worker.on("message", (reply: CpuReply | typeof CPU_WORKER_READY) => {
      if (reply === CPU_WORKER_READY) {
        slot.online = true;
        slot.task?.arm();
        return;
      }
      const current = slot.task;
      if (!current || current.id !== reply.id) return;
      clearTimeout(current.timer);
      slot.task = undefined;
      if (reply.ok) current.task.resolve(reply.value);
      else current.task.reject(rebuild(reply.error));
      pump();
    });
    worker.on("error", (err: Error & { code?: string }) => {
      const current = slot.task;
      slot.task = undefined;
      if (current) {
        clearTimeout(current.timer);
        current.task.reject(
          err.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? new InputError(
                "too_large",
                `This step needed more than ${options.memoryMb} MB of memory, the limit for one step (STEP_MEMORY_MB); try a smaller transcript.`,
              )
            : new AppError("internal", "A worker thread failed; the error was logged.", { cause: err }),
        );
      }
      options.log.warn({ err: err.message, code: err.code }, "CPU worker thread failed; starting another");
      replace(slot);
    });
    worker.unref();
    return slot;
  };

  const replace = (slot: Slot) => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    void slot.worker.terminate().catch(() => {});
    pump();
  };

  const pump = () => {
    if (closed) return;
    while (waiting.length > 0) {
      let slot = slots.find((s) => !s.task);
      if (!slot && slots.length < options.threads) {
        slot = spawn();
        slots.push(slot);
      }
      if (!slot) return;
      const task = waiting.shift()!;
      const id = nextId++;
      const running: NonNullable<Slot["task"]> = { id, task, arm: () => {} };
      running.arm = () => {
        running.timer ??= setTimeout(() => {
          if (slot.task?.id !== id) return;
          slot.task = undefined;
          task.reject(
            new AppError(
              "step_timeout",
              `This step took longer than ${seconds} s, the limit for one step (STEP_TIMEOUT_MS), and was stopped.`,
            ),
          );
          options.log.warn(
            { op: task.request.op, timeoutMs: options.timeoutMs },
            "CPU step stopped at its time bound",
          );
          replace(slot);
        }, options.timeoutMs);
      };
      slot.task = running;
      if (slot.online) running.arm();
      slot.worker.postMessage({ id, ...task.request } satisfies CpuRequest);
    }
  };

  const call =
    (op: CpuOperation) =>
    (...args: unknown[]): Promise<never> =>
      new Promise((resolve, reject) => {
        if (closed) return reject(new AppError("internal", "The CPU pool is closed."));
        waiting.push({ request: { op, args }, resolve: resolve as (v: unknown) => void, reject });
        pump();
      });

  const work = Object.fromEntries(CPU_OPERATIONS.map((op) => [op, call(op)])) as unknown as CpuWork;
  return {
    ...work,
    pending: () => waiting.length + slots.filter((s) => s.task).length,
    async close() {
      closed = true;
      for (const task of waiting.splice(0)) task.reject(new AppError("internal", "The CPU pool was closed."));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate().catch(() => 0)));
    },
  };
}

/** An error from a thread as the class it was, so codes and statuses stay what the step said. */
function rebuild(error: Extract<CpuReply, { ok: false }>["error"]): AppError {
  const options = error.details ? { details: error.details } : {};
  if (error.input && error.code) return new InputError(error.code as InputErrorCode, error.message, options);
  if (error.code) return new AppError(error.code as ErrorCode, error.message, options);
  return new AppError("internal", "Something went wrong on our side; the error was logged.", {
    cause: new Error(error.message),
  });
}
