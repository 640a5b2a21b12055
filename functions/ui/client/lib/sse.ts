/** One server-sent event: its id (when it has one), its type and its data lines joined. */
export interface SseRecord {
  id?: string;
  event: string;
  data: string;
}

/** One block of an event stream as the SSE format reads it ("field: value" lines; data lines joined). */
export function parseSseBlock(block: string): SseRecord | null {
  let id: string | undefined;
  let event = "";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") id = value;
    else if (field === "event") event = value.trim();
    else if (field === "data") data.push(value);
  }
  if (!event) return null;
  return { ...(id !== undefined ? { id } : {}), event, data: data.join("\n") };
}

/**
 * Reads an event stream to its end, handing each event to `onRecord`; stops early when it
 * returns true.
 */
export async function readSseStream(
  body: NonNullable<Response["body"]>,
  onRecord: (record: SseRecord) => boolean | undefined,
): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const record = parseSseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (record && onRecord(record) === true) {
        await reader.cancel().catch(() => {});
        return;
      }
      end = buffer.indexOf("\n\n");
    }
  }
}
