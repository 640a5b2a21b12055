import { describe, expect, it } from "vitest";
import { isAppError } from "../../../core/errors";
import type { Logger } from "../../../functions/shared/deps";
import { exampleEvent } from "../../../test/helpers/events";
import { createRedisAdapters } from ".";
import { useRedisAdapters } from "./adapters.test-helper";

const redis = useRedisAdapters({ appendonly: true });

const JOB = "20251001-120000-outageaa";
const SESSION = { id: "s-outage-1", createdAt: "2025-10-01T12:00:00.000Z", csrf: "csrf-1" };

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}

describe("Redis clients by role", () => {
  it("answers store_unavailable at once from every adapter while Redis is down, and works again when it is back", async () => {
    const prefix = redis.newPrefix();
    const http = await redis.adapters(prefix, "http");
    const worker = await redis.adapters(prefix, "worker");
    await http.sessions.set(SESSION, 3600);
    expect(await http.redisHealth()).toBe("ok");

    await redis.server().stop();
    const started = performance.now();
    const outcomes = await Promise.allSettled([
      http.events.publish(exampleEvent("job.queued", JOB, SESSION.createdAt)),
      http.events.history(JOB),
      http.sessions.get("s-1"),
      http.limiter.hit("s-1", 10, 3600),
      http.queue.enqueue({ name: "finalize", jobId: JOB }),
      http.queueCounts(),
    ]);
    const health = await http.redisHealth();
    const elapsedMs = performance.now() - started;
    expect(outcomes.map((o) => o.status === "rejected" && isAppError(o.reason) && o.reason.code)).toEqual(
      outcomes.map(() => "store_unavailable"),
    );
    expect(health).toBe("down");
    // A request must not hang on a Redis outage: it gets its 503 within about a second.
    expect(elapsedMs).toBeLessThan(1_000);

    // The worker role waits for Redis instead of failing.
    const waiting = worker.sessions.get(SESSION.id);
    await redis.server().restart();
    await until(async () => (await http.redisHealth()) === "ok");
    expect((await waiting)?.id).toBe(SESSION.id);
    // What was written before the restart is back (AOF), and writes work again.
    expect((await http.sessions.get(SESSION.id))?.csrf).toBe(SESSION.csrf);
    await http.queue.enqueue({ name: "finalize", jobId: JOB });
    expect(await http.queueCounts()).toEqual({ waiting: 1, active: 0 });
  });

  it("warns at start when Redis may evict keys, since BullMQ then loses queued jobs", async () => {
    const warnings: string[] = [];
    const log: Logger = { debug() {}, info() {}, error() {}, warn: (_, msg) => warnings.push(msg ?? "") };
    const raw = redis.raw();
    await raw.config("SET", "maxmemory-policy", "allkeys-lru");
    try {
      const a = await createRedisAdapters(redis.config(), log, { role: "http", prefix: redis.newPrefix() });
      await a.close();
    } finally {
      await raw.config("SET", "maxmemory-policy", "noeviction");
    }
    expect(warnings).toEqual([expect.stringContaining("maxmemory-policy is allkeys-lru")]);
  });
});
