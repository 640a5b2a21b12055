import { describe, expect, it } from "vitest";
import type { SessionData } from "../../../core/ports";
import { useRedisAdapters } from "./adapters.test-helper";
import { redisKeys } from "./keys";

const redis = useRedisAdapters();

const session: SessionData = {
  id: "s-0123456789abcdef",
  createdAt: "2025-10-01T12:00:00.000Z",
  csrf: "csrf-token",
  authenticated: true,
  encryptedApiKey: "sealed",
  apiKeyLast4: "abcd",
};

describe("Redis sessions", () => {
  it("keeps a session until its TTL and forgets it on delete", async () => {
    const prefix = redis.newPrefix();
    const { sessions } = await redis.adapters(prefix, "http");
    await sessions.set(session, 3600);
    expect(await sessions.get(session.id)).toEqual(session);
    const ttl = await redis.raw().ttl(redisKeys(prefix).session(session.id));
    expect(ttl).toBeGreaterThan(3590);
    expect(ttl).toBeLessThanOrEqual(3600);
    await sessions.delete(session.id);
    expect(await sessions.get(session.id)).toBeNull();
  });
});
