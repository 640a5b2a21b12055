import type { Redis } from "ioredis";
import type { SessionData, SessionStore } from "../../../core/ports";
import type { RedisKeys } from "./keys";

/** Sessions as JSON strings that Redis expires (`SET … EX`). */
export function createRedisSessionStore(redis: Redis, keys: RedisKeys): SessionStore {
  return {
    async get(id) {
      const raw = await redis.get(keys.session(id));
      return raw ? (JSON.parse(raw) as SessionData) : null;
    },
    async set(session, ttlSeconds) {
      await redis.set(keys.session(session.id), JSON.stringify(session), "EX", Math.max(1, ttlSeconds));
    },
    async delete(id) {
      await redis.del(keys.session(id));
    },
  };
}
