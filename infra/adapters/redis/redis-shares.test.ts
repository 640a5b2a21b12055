import { describe, it } from "vitest";
import { checkShareStore } from "../share-store.test-helper";
import { useRedisAdapters } from "./adapters.test-helper";
import { redisKeys } from "./keys";

const redis = useRedisAdapters();

describe("Redis share store", () => {
  it("keeps links by id, lists a job's, forgets deleted and expired ones", async () => {
    const prefix = redis.newPrefix();
    const { shares } = await redis.adapters(prefix, "http");
    const raw = redis.raw();
    await checkShareStore(shares, async (id) => {
      await raw.pexpire(redisKeys(prefix).share(id), 1);
      await new Promise((r) => setTimeout(r, 20));
    });
  });
});
