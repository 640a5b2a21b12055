import type { Redis } from "ioredis";
import * as v from "valibot";
import { ShareLinkSchema } from "../../../core/jobs/share-link";
import type { ShareLink, ShareStore } from "../../../core/ports";
import type { RedisKeys } from "./keys";

/** Share links as JSON strings that Redis expires, plus a set per job to list them. */
export function createRedisShareStore(redis: Redis, keys: RedisKeys): ShareStore {
  const parse = (raw: string | null): ShareLink | null => {
    const parsed = raw === null ? undefined : v.safeParse(ShareLinkSchema, JSON.parse(raw));
    return parsed?.success ? parsed.output : null;
  };
  return {
    async put(link, ttlSeconds) {
      const ttl = Math.max(1, ttlSeconds);
      await redis
        .multi()
        .set(keys.share(link.id), JSON.stringify(link), "EX", ttl)
        .sadd(keys.sharesOf(link.jobId), link.id)
        .expire(keys.sharesOf(link.jobId), ttl)
        .exec();
    },
    async get(id) {
      return parse(await redis.get(keys.share(id)));
    },
    async list(jobId) {
      const ids = await redis.smembers(keys.sharesOf(jobId));
      if (ids.length === 0) return [];
      const links = (await redis.mget(ids.map((id) => keys.share(id)))).map(parse);
      const gone = ids.filter((_, i) => links[i] === null);
      if (gone.length > 0) await redis.srem(keys.sharesOf(jobId), ...gone);
      return links
        .filter((l): l is ShareLink => l !== null && l.jobId === jobId)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async delete(id) {
      const link = parse(await redis.get(keys.share(id)));
      const tx = redis.multi().del(keys.share(id));
      if (link) tx.srem(keys.sharesOf(link.jobId), id);
      await tx.exec();
    },
  };
}
