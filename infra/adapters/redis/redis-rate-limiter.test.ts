import { describe, expect, it } from "vitest";
import { useRedisAdapters } from "./adapters.test-helper";
import { redisKeys } from "./keys";

const redis = useRedisAdapters();

describe("Redis rate limiter", () => {
  it("allows `limit` hits per window and says when the window resets", async () => {
    const { limiter } = await redis.adapters(redis.newPrefix(), "http");
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.hit("session-a", 3, 3600));
    expect(results.map((r) => [r.allowed, r.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(results[3]!.resetSeconds).toBeGreaterThan(3590);
    expect(results[3]!.resetSeconds).toBeLessThanOrEqual(3600);
    // Another caller has a window of its own.
    expect(await limiter.hit("session-b", 3, 3600)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("counts hits from every process in one window, and starts afresh when it ends", async () => {
    const prefix = redis.newPrefix();
    const hosts = await Promise.all([1, 2].map(() => redis.adapters(prefix, "http")));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => hosts[i % 2]!.limiter.hit("token-x", 6, 60)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(6);
    expect(results.map((r) => r.remaining).sort()).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 4, 5]);

    // The window's end, without waiting a minute for it.
    await redis.raw().pexpire(redisKeys(prefix).rate("token-x"), 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await hosts[0]!.limiter.hit("token-x", 6, 60)).toMatchObject({ allowed: true, remaining: 5 });
  });

  it("peeks at a window's count without adding to it", async () => {
    const { limiter } = await redis.adapters(redis.newPrefix(), "http");
    expect(await limiter.peek("addr-1", 60)).toEqual({ count: 0, resetSeconds: 60 });
    await limiter.hit("addr-1", 5, 60);
    await limiter.hit("addr-1", 5, 60);
    const seen = await limiter.peek("addr-1", 60);
    expect(seen.count).toBe(2);
    expect(seen.resetSeconds).toBeGreaterThan(50);
    expect((await limiter.peek("addr-1", 60)).count).toBe(2);
  });
});
