/**
 * Streamed answers, as server-sent events in the shapes the `openai` SDK reads: Responses API
 * events (`response.created`, `response.output_text.delta`…, `response.completed`) and Chat
 * Completions chunks (`chat.completion.chunk`…, usage last, then `[DONE]`).
 */
import type { ServerResponse } from "node:http";
import { type BodyInput, chatBody, responsesBody } from "./answer-bodies";

/** The answer cut into small pieces, a word and its spacing each, as a model streams it. */
export function deltasOf(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export interface StreamOptions {
  /** Drop the connection after this many characters of text: a model failing mid-answer. */
  breakAfterChars?: number;
  /** Waited between pieces. */
  pieceDelayMs?: number;
}

export async function sendStream(
  res: ServerResponse,
  api: "responses" | "chat",
  input: BodyInput,
  options: StreamOptions = {},
): Promise<void> {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  const write = (event: string | null, data: unknown) =>
    res.write(
      `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`,
    );
  const pieces = deltasOf(input.text);
  let sent = 0;
  let sequence = 0;
  const full = api === "responses" ? responsesBody(input) : chatBody(input);
  if (api === "responses")
    write("response.created", {
      type: "response.created",
      sequence_number: sequence++,
      response: { ...full, status: "in_progress", output: [], usage: null },
    });
  for (const piece of pieces) {
    if (res.destroyed) return;
    if (options.breakAfterChars !== undefined && sent >= options.breakAfterChars) {
      // Let what was written reach the client before the connection drops.
      await new Promise((r) => setTimeout(r, 50));
      res.destroy();
      return;
    }
    if (api === "responses")
      write("response.output_text.delta", {
        type: "response.output_text.delta",
        sequence_number: sequence++,
        item_id: input.msgId,
        output_index: 0,
        content_index: 0,
        delta: piece,
        logprobs: [],
      });
    else
      write(null, {
        id: input.id,
        object: "chat.completion.chunk",
        created: Math.floor(Date.now() / 1000),
        model: input.req.model,
        choices: [{ index: 0, delta: { content: piece }, finish_reason: null, logprobs: null }],
      });
    sent += piece.length;
    if (options.pieceDelayMs) await new Promise((r) => setTimeout(r, options.pieceDelayMs));
  }
  if (api === "responses") {
    const done = input.outcome === "truncated" ? "response.incomplete" : "response.completed";
    write(done, { type: done, sequence_number: sequence++, response: full });
  } else {
    const choice = (full.choices as Array<{ finish_reason: string }>)[0]!;
    write(null, {
      id: input.id,
      object: "chat.completion.chunk",
      created: Math.floor(Date.now() / 1000),
      model: input.req.model,
      choices: [{ index: 0, delta: {}, finish_reason: choice.finish_reason, logprobs: null }],
    });
    write(null, {
      id: input.id,
      object: "chat.completion.chunk",
      created: 0,
      model: input.req.model,
      choices: [],
      usage: full.usage,
    });
    write(null, "[DONE]");
  }
  res.end();
}
