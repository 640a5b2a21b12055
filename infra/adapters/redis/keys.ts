/**
 * Every Redis key the tool writes, under one prefix (`ta:` by default) so it can share a Redis
 * with other apps and be found or flushed as a whole.
 */
export interface RedisKeys {
  /** Hash: one field per record field, JSON-encoded, so patches never race. */
  job(jobId: string): string;
  /** Hash: analyzer key (`A.say-means`, `insights`) → state JSON. */
  analyzers(jobId: string): string;
  /** String: the job input as `create` stored it. */
  input(jobId: string): string;
  /** Hash: result key → value, each written once. */
  results(jobId: string): string;
  /** Sorted set of job ids, score = created time in ms. */
  history(): string;
  historyOf(owner: string): string;
  /** Stream of the job's events. */
  events(jobId: string): string;
  session(id: string): string;
  rate(key: string): string;
  /** BullMQ's own prefix (it adds `:<queue>:…`). */
  queuePrefix(): string;
}

export const DEFAULT_PREFIX = "ta:";

export function redisKeys(prefix: string = DEFAULT_PREFIX): RedisKeys {
  return {
    job: (id) => `${prefix}job:${id}`,
    analyzers: (id) => `${prefix}job:${id}:analyzers`,
    input: (id) => `${prefix}job:${id}:input`,
    results: (id) => `${prefix}job:${id}:results`,
    history: () => `${prefix}jobs`,
    historyOf: (owner) => `${prefix}jobs:owner:${owner}`,
    events: (id) => `${prefix}events:${id}`,
    session: (id) => `${prefix}session:${id}`,
    rate: (key) => `${prefix}rate:${key}`,
    queuePrefix: () => `${prefix}q`,
  };
}
