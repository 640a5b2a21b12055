import type { Redis } from "ioredis";
import type { RateLimiter } from "../../../core/ports";
import type { RedisKeys } from "./keys";

/** Counts a hit and starts the window on the first one, atomically; answers the count and the ms left. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

type HitClient = Redis & { taRateHit(key: string, windowMs: number): Promise<[number, number]> };

/** Fixed-window counters shared by every process: one key per caller and window. */
export function createRedisRateLimiter(redis: Redis, keys: RedisKeys): RateLimiter {
  if (!(redis as unknown as Partial<HitClient>).taRateHit) {
    redis.defineCommand("taRateHit", { numberOfKeys: 1, lua: HIT_SCRIPT });
  }
  const client = redis as unknown as HitClient;
  return {
    async hit(key, limit, windowSeconds) {
      const [count, ttlMs] = await client.taRateHit(keys.rate(key), windowSeconds * 1000);
      return {
        allowed: count <= limit,
        remaining: Math.max(0, limit - count),
        resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
      };
    },
    async peek(key, windowSeconds) {
      const [count, ttlMs] = await redis
        .multi()
        .get(keys.rate(key))
        .pttl(keys.rate(key))
        .exec()
        .then((replies) => (replies ?? []).map(([, value]) => value) as [string | null, number]);
      if (count === null || ttlMs < 0) return { count: 0, resetSeconds: windowSeconds };
      return { count: Number(count), resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
    },
  };
}
