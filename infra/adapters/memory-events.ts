import type { EventBus, JobEvent } from "../../core/ports";

/** Per-job event logs in memory; ids count up from 1 within a job. */
export function createMemoryEventBus(options: { maxPerJob?: number } = {}): EventBus {
  const maxPerJob = options.maxPerJob ?? 10_000;
  const logs = new Map<string, JobEvent[]>();
  const listeners = new Map<string, Set<(event: JobEvent) => void>>();
  const counters = new Map<string, number>();

  const after = (jobId: string, afterId?: string) => {
    const log = logs.get(jobId) ?? [];
    if (afterId === undefined) return [...log];
    const n = Number(afterId);
    return Number.isFinite(n) ? log.filter((e) => Number(e.id) > n) : [...log];
  };

  return {
    async publish(event) {
      const next = (counters.get(event.jobId) ?? 0) + 1;
      counters.set(event.jobId, next);
      const full: JobEvent = { ...event, id: String(next) };
      const log = logs.get(event.jobId) ?? [];
      log.push(full);
      if (log.length > maxPerJob) log.shift();
      logs.set(event.jobId, log);
      for (const listener of listeners.get(event.jobId) ?? []) listener(full);
      return full;
    },
    async history(jobId, afterId) {
      return after(jobId, afterId);
    },
    async remove(jobId) {
      logs.delete(jobId);
      counters.delete(jobId);
    },
    async subscribe(jobId, afterId, listener) {
      // History and registration happen in one tick, so no event falls between them.
      for (const e of after(jobId, afterId)) listener(e);
      const set = listeners.get(jobId) ?? new Set();
      set.add(listener);
      listeners.set(jobId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(jobId);
      };
    },
  };
}
