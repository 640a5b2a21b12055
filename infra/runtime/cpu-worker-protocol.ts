import type { CpuOperation } from "../../core/pipeline/cpu-work";

/** The messages between the CPU pool and its threads. */
export interface CpuRequest {
  id: number;
  op: CpuOperation;
  args: unknown[];
}

export type CpuReply =
  | { id: number; ok: true; value: unknown }
  | {
      id: number;
      ok: false;
      error: { code?: string; message: string; details?: Record<string, unknown>; input: boolean };
    };

/** A thread's first message, once its code is loaded. */
export const CPU_WORKER_READY = "cpu-worker-ready";
