import { setMaxListeners } from "node:events";

/**
 * Abort signals for the jobs this process runs (embedded mode), so a cancel stops calls in flight.
 * Bounded: the oldest jobs' entries are dropped first, so a long-running host does not keep one per
 * job forever. A dropped job can still be cancelled; only its calls in flight then run to the end.
 */
export function createJobAborts(max = 1_000) {
  const controllers = new Map<string, AbortController>();
  return {
    signalFor(jobId: string): AbortSignal {
      let c = controllers.get(jobId);
      if (!c) {
        c = new AbortController();
        // Every call of the job in flight listens to it; a stage's calls all start at once.
        setMaxListeners(200, c.signal);
        controllers.set(jobId, c);
        if (controllers.size > max) controllers.delete(controllers.keys().next().value!);
      }
      return c.signal;
    },
    abort(jobId: string): void {
      controllers.get(jobId)?.abort();
      controllers.delete(jobId);
    },
    get size() {
      return controllers.size;
    },
  };
}
