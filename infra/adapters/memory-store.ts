import { assembleDocument } from "../../core/jobs/document";
import type { AnalyzerState, JobDocument, JobRecord } from "../../core/jobs/job";
import type { JobStore } from "../../core/ports";

interface Entry {
  record: JobRecord;
  input: string;
  analyzers: Map<string, AnalyzerState>;
  results: Map<string, string>;
  expiresAt: number;
}

/** Job state in this process's memory, for embedded mode and tests. Jobs expire like in Redis. */
export function createMemoryJobStore(options: { ttlSeconds?: number; now?: () => number } = {}): JobStore {
  const ttlMs = (options.ttlSeconds ?? 86_400) * 1000;
  const now = options.now ?? Date.now;
  const jobs = new Map<string, Entry>();

  const entry = (jobId: string): Entry | undefined => {
    const e = jobs.get(jobId);
    if (e && e.expiresAt <= now()) {
      jobs.delete(jobId);
      return undefined;
    }
    return e;
  };
  const clone = <T>(x: T): T => structuredClone(x);

  return {
    async create(record, input) {
      jobs.set(record.jobId, {
        record: clone(record),
        input,
        analyzers: new Map(),
        results: new Map(),
        expiresAt: now() + ttlMs,
      });
    },
    async get(jobId): Promise<JobDocument | null> {
      const e = entry(jobId);
      return e ? assembleDocument(clone(e.record), clone(Object.fromEntries(e.analyzers))) : null;
    },
    async record(jobId) {
      const e = entry(jobId);
      return e ? clone(e.record) : null;
    },
    async patch(jobId, fields, options) {
      const e = entry(jobId);
      if (!e || (options?.ifStatus && e.record.status !== options.ifStatus)) return false;
      e.record = { ...e.record, ...clone(fields) };
      return true;
    },
    async setAnalyzer(jobId, key, state) {
      entry(jobId)?.analyzers.set(key, clone(state));
    },
    async analyzers(jobId) {
      const e = entry(jobId);
      return e ? clone(Object.fromEntries(e.analyzers)) : {};
    },
    async input(jobId) {
      return entry(jobId)?.input ?? null;
    },
    async putResultOnce(jobId, key, value) {
      const e = entry(jobId);
      if (!e || e.results.has(key)) return false;
      e.results.set(key, value);
      return true;
    },
    async result(jobId, key) {
      return entry(jobId)?.results.get(key) ?? null;
    },
    async list({ limit, owner }) {
      return [...jobs.keys()]
        .map((id) => entry(id))
        .filter((e): e is Entry => e !== undefined && (owner === undefined || e.record.owner === owner))
        .map((e) => clone(e.record))
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
        .slice(0, limit);
    },
  };
}
