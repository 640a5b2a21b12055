import { describe, expect, it } from "vitest";
import { parseSseBlock, readSseStream } from "./sse";

const streamOf = (...pieces: string[]) =>
  new Response(
    new ReadableStream({
      start(c) {
        for (const p of pieces) c.enqueue(new TextEncoder().encode(p));
        c.close();
      },
    }),
  ).body!;

describe("reading server-sent events", () => {
  it("reads id, event and data, joining data lines, with or without the space after the colon", () => {
    expect(parseSseBlock("id: 7\nevent: answer.delta\ndata: one\ndata:two")).toEqual({
      id: "7",
      event: "answer.delta",
      data: "one\ntwo",
    });
    expect(parseSseBlock(": keep-alive")).toBeNull();
    expect(parseSseBlock("data: no event")).toBeNull();
  });

  it("reads events split across chunks, in order, and stops when asked", async () => {
    const seen: string[] = [];
    await readSseStream(
      streamOf("event: a\ndata: 1\n\nevent: b\nda", "ta: 2\n\nevent: c\ndata: 3\n\n"),
      (r) => {
        seen.push(`${r.event}=${r.data}`);
        return r.event === "b";
      },
    );
    expect(seen).toEqual(["a=1", "b=2"]);
  });
});
