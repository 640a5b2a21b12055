import type { Redis } from "ioredis";
import { parseJobEvent } from "../../../core/jobs/events";
import type { EventBus, JobEvent } from "../../../core/ports";
import type { RedisKeys } from "./keys";

export interface RedisEventBusOptions {
  /** Commands (XADD, XRANGE, CLIENT UNBLOCK). */
  redis: Redis;
  /** Made on the first subscription: the one connection that blocks in XREAD for this process. */
  createReader: () => Redis;
  keys: RedisKeys;
  ttlSeconds: number;
  maxPerJob?: number;
}

interface Subscriber {
  /** The last event id this subscriber got; it never gets one at or before it again. */
  lastId: string;
  listener: (event: JobEvent) => void;
}

interface Watched {
  jobId: string;
  subscribers: Set<Subscriber>;
}

const STREAM_ID = /^\d+(-\d+)?$/;
/** A blocked XREAD returns at least this often, so a missed wake-up costs at most this long. */
const BLOCK_MS = 5_000;

/**
 * One Redis Stream per job (`XADD … MAXLEN ~`), the stream id as the event id. Live delivery
 * shares one reader per process: it blocks in XREAD on every stream that has a subscriber, and
 * is woken (CLIENT UNBLOCK) when the set of streams changes. Each subscriber keeps its own last
 * id, so history and live events join without a gap or a repeat.
 */
export function createRedisEventBus(options: RedisEventBusOptions): EventBus & { close(): void } {
  const { redis, keys, ttlSeconds } = options;
  const maxPerJob = options.maxPerJob ?? 10_000;
  const watched = new Map<string, Watched>();
  let reader: Redis | undefined;
  let readerId: number | undefined;
  let running = false;
  let closed = false;
  /** Bumped whenever the streams to read change; a read of an older generation is woken. */
  let generation = 0;
  let reading: number | undefined;
  let idle: (() => void) | undefined;

  const range = async (jobId: string, afterId: string | undefined): Promise<JobEvent[]> => {
    const start = afterId !== undefined && STREAM_ID.test(afterId) ? `(${afterId}` : "-";
    const entries = await redis.xrange(keys.events(jobId), start, "+");
    return entries.flatMap(([id, fields]) => decode(jobId, id, fields));
  };

  function changed() {
    generation++;
    idle?.();
    void wake();
  }

  /** Interrupts a blocked XREAD that reads an outdated set of streams. */
  async function wake() {
    const target = generation;
    for (let tries = 0; tries < 50 && !closed; tries++) {
      if (reading === undefined || reading >= target || readerId === undefined) return;
      try {
        if ((await redis.client("UNBLOCK", readerId)) === 1) return;
      } catch {
        return;
      }
      // The XREAD may not have reached Redis yet: try again shortly.
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  function openReader(): Redis {
    const r = options.createReader();
    // After a reconnect it is another client to Redis: CLIENT UNBLOCK needs the new id.
    r.on("ready", () => {
      r.client("ID").then(
        (id) => {
          readerId = Number(id);
        },
        () => {},
      );
    });
    return r;
  }

  async function loop() {
    while (!closed) {
      if (watched.size === 0) {
        await new Promise<void>((resolve) => {
          idle = resolve;
        });
        idle = undefined;
        continue;
      }
      const streams = [...watched.values()];
      // Each stream is read from its furthest-behind subscriber; those ahead skip what they have.
      const from = streams.map((w) => [...w.subscribers].map((s) => s.lastId).reduce(minId));
      try {
        reader ??= openReader();
        const r = reader;
        readerId ??= Number(await r.client("ID"));
        reading = generation;
        const reply = (await r.xread(
          "COUNT",
          1_000,
          "BLOCK",
          BLOCK_MS,
          "STREAMS",
          ...streams.map((w) => keys.events(w.jobId)),
          ...from,
        )) as Array<[string, Array<[string, string[]]>]> | null;
        reading = undefined;
        for (const [key, entries] of reply ?? []) {
          const i = streams.findIndex((s) => keys.events(s.jobId) === key);
          // Only while it is still watched: a stream left meanwhile gets nothing more.
          if (i >= 0 && watched.get(streams[i]!.jobId) === streams[i])
            deliver(streams[i]!, from[i]!, entries);
        }
      } catch {
        reading = undefined;
        if (!closed) await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  /**
   * `entries` are all the stream holds after `from`. A subscriber that joined meanwhile and is
   * behind `from` gets nothing yet: the next read starts at its last id, so it misses nothing.
   */
  function deliver(w: Watched, from: string, entries: Array<[string, string[]]>) {
    const current = [...w.subscribers].filter((s) => compareIds(s.lastId, from) >= 0);
    for (const [id, fields] of entries) {
      for (const event of decode(w.jobId, id, fields)) {
        for (const s of current) {
          if (compareIds(id, s.lastId) <= 0 || !w.subscribers.has(s)) continue;
          s.lastId = id;
          try {
            s.listener(event);
          } catch {
            // One subscriber's failure must not stop the others.
          }
        }
      }
    }
  }

  return {
    async publish(event) {
      const key = keys.events(event.jobId);
      const body = JSON.stringify({ type: event.type, ts: event.ts, data: event.data });
      const replies = await redis
        .multi()
        .xadd(key, "MAXLEN", "~", maxPerJob, "*", "e", body)
        .expire(key, ttlSeconds)
        .exec();
      const id = replies?.[0]?.[1];
      if (typeof id !== "string") throw replies?.[0]?.[0] ?? new Error("XADD gave no id");
      return { ...event, id };
    },

    history: range,

    async remove(jobId) {
      await redis.del(keys.events(jobId));
    },

    async subscribe(jobId, afterId, listener) {
      const subscriber: Subscriber = {
        lastId: afterId !== undefined && STREAM_ID.test(afterId) ? afterId : "0-0",
        listener,
      };
      for (const event of await range(jobId, afterId)) {
        subscriber.lastId = event.id;
        listener(event);
      }
      let w = watched.get(jobId);
      if (!w) {
        w = { jobId, subscribers: new Set() };
        watched.set(jobId, w);
      }
      w.subscribers.add(subscriber);
      if (!running) {
        running = true;
        void loop();
      }
      changed();
      return () => {
        const current = watched.get(jobId);
        if (!current?.subscribers.delete(subscriber)) return;
        if (current.subscribers.size === 0) {
          watched.delete(jobId);
          changed();
        }
      };
    },

    close() {
      closed = true;
      watched.clear();
      idle?.();
      reader?.disconnect();
    },
  };
}

/** An entry as an event; one that is not ours (written by hand, say) is skipped, not fatal. */
function decode(jobId: string, id: string, fields: string[]): JobEvent[] {
  const raw = fields[fields.indexOf("e") + 1];
  try {
    const body = JSON.parse(raw ?? "") as Record<string, unknown>;
    const event = parseJobEvent({ id, jobId, type: body.type, ts: body.ts, data: body.data });
    return event ? [event] : [];
  } catch {
    return [];
  }
}

const minId = (a: string, b: string) => (compareIds(a, b) <= 0 ? a : b);

/** Orders stream ids (`ms-seq`) numerically. */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split("-").map(Number);
  const [bm = 0, bs = 0] = b.split("-").map(Number);
  return am !== bm ? am - bm : as - bs;
}
