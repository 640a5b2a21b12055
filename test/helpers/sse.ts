import { type SseRecord as Record_, readSseStream } from "../../functions/ui/client/lib/sse";

/** An event of the job streams, which always carry an id. */
export type SseRecord = Required<Record_>;

/**
 * Reads an SSE stream until it ends (or `until` says stop), returning its records. `signal`
 * lets a test drop the connection halfway, as a browser losing the network would.
 */
export async function readSse(
  url: string,
  options: { headers?: Record<string, string>; until?: (r: SseRecord) => boolean; timeoutMs?: number } = {},
): Promise<SseRecord[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
  const records: SseRecord[] = [];
  try {
    const res = await fetch(url, {
      headers: { accept: "text/event-stream", ...options.headers },
      signal: controller.signal,
    });
    if (!res.ok || !res.body) throw new Error(`SSE ${url} answered ${res.status}: ${await res.text()}`);
    await readSseStream(res.body, (record) => {
      records.push(record as SseRecord);
      return options.until?.(record as SseRecord) === true;
    });
    return records;
  } catch (e) {
    if (controller.signal.aborted) return records;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
