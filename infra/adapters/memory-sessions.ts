import type { RateLimiter, SessionData, SessionStore } from "../../core/ports";

/** Sessions in memory, expiring like Redis keys (embedded mode, tests). */
export function createMemorySessionStore(now: () => number = Date.now): SessionStore {
  const sessions = new Map<string, { data: SessionData; expiresAt: number }>();
  return {
    async get(id) {
      const s = sessions.get(id);
      if (!s) return null;
      if (s.expiresAt <= now()) {
        sessions.delete(id);
        return null;
      }
      return structuredClone(s.data);
    },
    async set(session, ttlSeconds) {
      if (sessions.size > 100_000)
        for (const [id, s] of sessions) if (s.expiresAt <= now()) sessions.delete(id);
      sessions.set(session.id, { data: structuredClone(session), expiresAt: now() + ttlSeconds * 1000 });
    },
    async delete(id) {
      sessions.delete(id);
    },
  };
}

/** Fixed-window counters in memory (embedded mode, tests). */
export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  return {
    async hit(key, limit, windowSeconds) {
      const t = now();
      let w = windows.get(key);
      if (!w || w.endsAt <= t) {
        w = { count: 0, endsAt: t + windowSeconds * 1000 };
        windows.set(key, w);
      }
      w.count++;
      return {
        allowed: w.count <= limit,
        remaining: Math.max(0, limit - w.count),
        resetSeconds: Math.max(1, Math.ceil((w.endsAt - t) / 1000)),
      };
    },
    async peek(key, windowSeconds) {
      const t = now();
      const w = windows.get(key);
      if (!w || w.endsAt <= t) return { count: 0, resetSeconds: windowSeconds };
      return { count: w.count, resetSeconds: Math.max(1, Math.ceil((w.endsAt - t) / 1000)) };
    },
  };
}
