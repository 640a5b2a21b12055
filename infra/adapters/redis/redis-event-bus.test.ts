import { describe, expect, it } from "vitest";
import type { EventBus, JobEvent } from "../../../core/ports";
import { exampleEvent } from "../../../test/helpers/events";
import { useRedisAdapters } from "./adapters.test-helper";
import { redisKeys } from "./keys";

const redis = useRedisAdapters();
const JOB = "20251001-120000-edc9277c4566d80a0b034b49";
const ts = new Date().toISOString();

/** The n-th event of a job, told apart by its attempt number. */
const publish = (bus: EventBus, jobId: string, n: number) =>
  bus.publish(exampleEvent("analyzer.started", jobId, ts, { attempt: n }));
const nOf = (e: JobEvent) => (e.data as { attempt: number }).attempt;

/** Resolves once `check` holds (polled); after 40 s it fails saying what it waited for. */
async function until(check: () => boolean, what: () => string = () => "the condition"): Promise<void> {
  const deadline = Date.now() + 40_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("Redis event bus", () => {
  it("replays the events after an id, in order, with the stream ids as event ids", async () => {
    const prefix = redis.newPrefix();
    const { events } = await redis.adapters(prefix, "http", { JOB_TTL_SECONDS: "600" });
    const published: JobEvent[] = [];
    for (let n = 1; n <= 5; n++) published.push(await publish(events, JOB, n));

    expect((await events.history(JOB)).map(nOf)).toEqual([1, 2, 3, 4, 5]);
    const after = await events.history(JOB, published[1]!.id);
    expect(after.map((e) => e.id)).toEqual(published.slice(2).map((e) => e.id));
    expect(after[0]).toEqual({
      id: published[2]!.id,
      type: "analyzer.started",
      jobId: JOB,
      ts,
      data: { ...exampleEvent("analyzer.started", JOB, ts).data, attempt: 3 },
    });
    // A Last-Event-ID that is no stream id replays everything rather than failing.
    expect(await events.history(JOB, "not-an-id")).toHaveLength(5);
    expect(await events.history("20251001-120000-7819cd5ccb6390028bae4684")).toEqual([]);
    const ttl = await redis.raw().ttl(redisKeys(prefix).events(JOB));
    expect(ttl).toBeGreaterThan(590);
  });

  it("gives late subscribers what they missed, then live events, without a gap or a repeat while others publish", async () => {
    const prefix = redis.newPrefix();
    const publishers = await Promise.all([1, 2, 3].map(() => redis.adapters(prefix, "worker")));
    const { events } = await redis.adapters(prefix, "http");
    const perPublisher = 300;
    let published = 0;
    let done = false;
    const publishing = Promise.all(
      publishers.map(async (p, k) => {
        for (let n = 0; n < perPublisher; n++) {
          await publish(p.events, JOB, k * perPublisher + n);
          published++;
        }
      }),
    ).finally(() => {
      // Also when a publish failed: the joins below stop, and awaiting `publishing` reports why.
      done = true;
    });
    // Subscribers join at many points while the shared reader is already delivering to earlier ones:
    // one each time another 1/20 of the events is out, so a slow machine gets as many as a fast one.
    const joins = 20;
    const total = publishers.length * perPublisher;
    const late: Array<{ after: string | undefined; seen: JobEvent[]; stop: () => void }> = [];
    while (!done && late.length < joins) {
      const last = (await events.history(JOB)).at(-1)?.id;
      const entry = { after: last, seen: [] as JobEvent[], stop: () => {} };
      entry.stop = await events.subscribe(JOB, last, (e) => entry.seen.push(e));
      late.push(entry);
      const next = published + total / joins;
      await until(
        () => done || published >= next,
        () => `publishing to pass ${next} events (at ${published})`,
      );
    }
    await publishing;
    const all = await events.history(JOB);
    expect(all).toHaveLength(total);
    await until(
      () => late.every((l) => l.seen.at(-1)?.id === all.at(-1)!.id),
      () =>
        `every late subscriber to reach ${all.at(-1)!.id}; seen per subscriber: ${late
          .map((l) => `${l.seen.length} (last ${l.seen.at(-1)?.id}, joined after ${l.after})`)
          .join(", ")}`,
    );
    expect(late.length).toBeGreaterThan(5);
    for (const l of late) {
      l.stop();
      const expected = l.after === undefined ? all : all.slice(all.findIndex((e) => e.id === l.after) + 1);
      expect(l.seen.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    }
    expect(published).toBe(total);
  });

  it("stops delivering to a subscriber once it unsubscribes", async () => {
    const { events } = await redis.adapters(redis.newPrefix(), "http");
    const seen: number[] = [];
    const other: number[] = [];
    const stop = await events.subscribe(JOB, undefined, (e) => seen.push(nOf(e)));
    const stopOther = await events.subscribe(JOB, undefined, (e) => other.push(nOf(e)));
    await publish(events, JOB, 1);
    await until(() => seen.length === 1 && other.length === 1);
    stop();
    await publish(events, JOB, 2);
    await until(() => other.length === 2);
    stopOther();
    expect(seen).toEqual([1]);
    expect(other).toEqual([1, 2]);
  });

  it("serves 50 subscribers on 10 jobs through one reading connection", async () => {
    const prefix = redis.newPrefix();
    const { events } = await redis.adapters(prefix, "http");
    const raw = redis.raw();
    const jobs = Array.from({ length: 10 }, (_, i) => `20251001-1200${String(i).padStart(2, "0")}-fiftysub`);
    const got = new Map<number, string[]>();
    const stops = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        events.subscribe(jobs[i % 10]!, undefined, (e) => got.set(i, [...(got.get(i) ?? []), e.jobId])),
      ),
    );
    for (const jobId of jobs) await events.publish(exampleEvent("job.queued", jobId, ts));
    await until(() => got.size === 50 && [...got.values()].every((v) => v.length === 1));
    for (const [i, jobIds] of got) expect(jobIds).toEqual([jobs[i % 10]]);

    // This process's connections: the command one and a single reader, blocked in XREAD.
    const mine = ((await raw.client("LIST")) as string)
      .split("\n")
      .filter((line) => line.includes(`name=${prefix}q:`));
    expect(mine.map((line) => /name=(\S+)/.exec(line)?.[1]).sort()).toEqual([
      `${prefix}q:events`,
      `${prefix}q:http`,
    ]);
    expect(mine.find((line) => line.includes(`name=${prefix}q:events`))).toMatch(/cmd=xread/);
    for (const stop of stops) stop();
  });
});
