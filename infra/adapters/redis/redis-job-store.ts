import type { Redis } from "ioredis";
import { assembleDocument } from "../../../core/jobs/document";
import type { AnalyzerState, JobRecord } from "../../../core/jobs/job";
import type { JobStore } from "../../../core/ports";
import type { RedisKeys } from "./keys";

/**
 * HSET the given fields and refresh every key's TTL, but only for a job that exists and, when
 * ARGV[2] names one, whose status is that one.
 */
const PATCH_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'status') ~= ARGV[2] then return 0 end
for i = 3, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[1], ARGV[i])
  else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[1]) end
return 1`;

type PatchClient = Redis & {
  taPatchJob(keys: number, ...args: Array<string | number>): Promise<number>;
};

/**
 * Job state in Redis: the job store before the SQL system of record, kept as the baseline the
 * store benchmark compares PostgreSQL with (`npm run bench store`); no runtime mode uses it. The record is a hash (one JSON field per record field), analyzer states a
 * hash (one field each) and results a hash written with HSETNX, so parallel workers never
 * overwrite each other. Every key of a job expires `ttlSeconds` after its last write.
 */
export function createRedisJobStore(redis: Redis, keys: RedisKeys, ttlSeconds: number): JobStore {
  if (!(redis as unknown as Partial<PatchClient>).taPatchJob) {
    redis.defineCommand("taPatchJob", { lua: PATCH_SCRIPT });
  }
  const client = redis as unknown as PatchClient;
  const jobKeys = (jobId: string) => [
    keys.job(jobId),
    keys.analyzers(jobId),
    keys.input(jobId),
    keys.results(jobId),
  ];
  const touch = (multi: ReturnType<Redis["multi"]>, jobId: string) => {
    for (const key of jobKeys(jobId)) multi.expire(key, ttlSeconds);
    return multi;
  };

  async function readRecord(jobId: string): Promise<JobRecord | null> {
    return decodeRecord(await redis.hgetall(keys.job(jobId)));
  }

  return {
    async create(record, input) {
      const created = Date.parse(record.createdAt) || Date.now();
      const multi = redis
        .multi()
        .del(keys.job(record.jobId))
        .hset(keys.job(record.jobId), encodeRecord(record))
        .set(keys.input(record.jobId), input)
        .zadd(keys.history(), created, record.jobId)
        .expire(keys.history(), ttlSeconds);
      if (record.owner) {
        multi
          .zadd(keys.historyOf(record.owner), created, record.jobId)
          .expire(keys.historyOf(record.owner), ttlSeconds);
      }
      await touch(multi, record.jobId).exec();
    },

    async get(jobId) {
      const [record, states] = await Promise.all([readRecord(jobId), redis.hgetall(keys.analyzers(jobId))]);
      return record ? assembleDocument(record, decodeStates(states)) : null;
    },

    record: readRecord,

    async patch(jobId, fields, options) {
      const args: string[] = [];
      for (const [field, value] of Object.entries(fields)) {
        args.push(field, value === undefined ? "" : JSON.stringify(value));
      }
      const guard = options?.ifStatus ? JSON.stringify(options.ifStatus) : "";
      return (await client.taPatchJob(4, ...jobKeys(jobId), ttlSeconds, guard, ...args)) === 1;
    },

    async setAnalyzer(jobId, key, state) {
      await touch(redis.multi().hset(keys.analyzers(jobId), key, JSON.stringify(state)), jobId).exec();
    },

    async analyzers(jobId) {
      return decodeStates(await redis.hgetall(keys.analyzers(jobId)));
    },

    input: (jobId) => redis.get(keys.input(jobId)),

    async putResultOnce(jobId, key, value) {
      const replies = await touch(redis.multi().hsetnx(keys.results(jobId), key, value), jobId).exec();
      return replies?.[0]?.[1] === 1;
    },

    result: (jobId, key) => redis.hget(keys.results(jobId), key),

    async list({ limit, owner, status, text, cursor }) {
      const index = owner === undefined ? keys.history() : keys.historyOf(owner);
      const found: JobRecord[] = [];
      let start = cursor ? Number(cursor) || 0 : 0;
      const page = Math.max(limit, 20);
      const wanted = (r: JobRecord) =>
        (owner === undefined || r.owner === owner) &&
        (status === undefined || r.status === status) &&
        (!text || (r.source.title ?? r.source.fileName ?? "").toLowerCase().includes(text.toLowerCase()));
      let more = false;
      for (;;) {
        const ids = await redis.zrevrange(index, start, start + page - 1);
        if (ids.length === 0) break;
        const pipeline = redis.pipeline();
        for (const id of ids) pipeline.hgetall(keys.job(id));
        const replies = (await pipeline.exec()) ?? [];
        const expired: string[] = [];
        let used = 0;
        for (const [i, id] of ids.entries()) {
          const record = decodeRecord((replies[i]?.[1] ?? {}) as Record<string, string>);
          if (!record) {
            expired.push(id);
            continue;
          }
          if (found.length === limit) {
            more = true;
            break;
          }
          used++;
          if (wanted(record)) found.push(record);
        }
        // The index outlives no job: ids whose keys expired leave it here.
        if (expired.length > 0) await redis.zrem(index, ...expired);
        start += used;
        if (more || ids.length < page) break;
      }
      return more ? { jobs: found, nextCursor: String(start) } : { jobs: found };
    },

    async delete(jobId) {
      const record = await readRecord(jobId);
      const removed = await redis.del(...jobKeys(jobId));
      await redis.zrem(keys.history(), jobId);
      if (record?.owner) await redis.zrem(keys.historyOf(record.owner), jobId);
      return removed > 0;
    },

    // Jobs expire by their TTL here, and BullMQ recovers the tasks of Redis-mode jobs.
    createdBefore: async () => [],
    interruptUnfinished: async () => [],
  };
}

function encodeRecord(record: JobRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(record)) {
    if (value !== undefined) out[field] = JSON.stringify(value);
  }
  return out;
}

function decodeRecord(hash: Record<string, string>): JobRecord | null {
  if (!hash.jobId) return null;
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(hash)) out[field] = JSON.parse(value);
  return out as unknown as JobRecord;
}

function decodeStates(hash: Record<string, string>): Record<string, AnalyzerState> {
  const out: Record<string, AnalyzerState> = {};
  for (const [key, value] of Object.entries(hash)) out[key] = JSON.parse(value) as AnalyzerState;
  return out;
}
