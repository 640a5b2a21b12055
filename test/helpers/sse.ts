export interface SseRecord {
  id: string;
  event: string;
  data: string;
}

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
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split("\n")
            .filter((l) => /^(id|event|data): /.test(l))
            .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]),
        );
        if (fields.event) {
          const record = fields as unknown as SseRecord;
          records.push(record);
          if (options.until?.(record)) {
            controller.abort();
            return records;
          }
        }
        end = buffer.indexOf("\n\n");
      }
    }
    return records;
  } catch (e) {
    if (controller.signal.aborted) return records;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
