/**
 * Fair order for the queues, the same rule in memory and on BullMQ: a job's tasks get priority
 * 1 + the number of jobs its owner started before it in the last hour (lower runs first; ties in
 * the order they came). One owner's burst of 200 jobs is ranked 0…199, so another owner's single
 * job (rank 0) runs beside the burst's first instead of after all of it, and within the burst each
 * job's later stages overtake the next jobs' first ones, so its first job finishes first.
 */
export const FAIR_WINDOW_MS = 60 * 60_000;
/** BullMQ's highest priority number (2^21 − 1). */
export const MAX_PRIORITY = 2_097_151;

export const priorityOfRank = (rank: number): number => Math.min(MAX_PRIORITY, 1 + Math.max(0, rank));

/** Who owns a job, for fair order; a job with no known owner counts as the open-mode user's. */
export type OwnerOf = (jobId: string) => Promise<string | undefined>;

/** The ranks of this process's own queue: each owner's jobs in the order first seen, within the window. */
export function createRecentJobs(windowMs = FAIR_WINDOW_MS, now: () => number = Date.now) {
  const byOwner = new Map<string, Map<string, number>>();
  return {
    rank(owner: string, jobId: string): number {
      const t = now();
      let jobs = byOwner.get(owner);
      if (!jobs) {
        jobs = new Map();
        byOwner.set(owner, jobs);
      }
      // Insertion order is time order, so the expired ones are at the front.
      for (const [id, seen] of jobs) {
        if (seen > t - windowMs) break;
        jobs.delete(id);
      }
      if (!jobs.has(jobId)) jobs.set(jobId, t);
      let rank = 0;
      for (const id of jobs.keys()) {
        if (id === jobId) return rank;
        rank++;
      }
      return rank;
    },
  };
}

/** `ownerOf` with the answers kept (a job's owner never changes), at most `max` of them. */
export function cachedOwners(ownerOf: OwnerOf, max = 10_000): OwnerOf {
  const known = new Map<string, string | undefined>();
  return async (jobId) => {
    if (known.has(jobId)) return known.get(jobId);
    const owner = await ownerOf(jobId);
    if (known.size >= max) known.delete(known.keys().next().value as string);
    known.set(jobId, owner);
    return owner;
  };
}
