import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { LlmError, type LlmErrorCode } from "../../../core/errors";
import type { LlmRequest } from "../../../core/ports";
import type { ApiCallContext, ApiCallOutput } from "./api-call";
import { chatParams } from "./chat-api";
import { filteredError, malformedAnswerError, refusedError, truncatedError } from "./openai-errors";
import { readResponse, responsesParams } from "./responses-api";

/** One streamed call: each piece of text to `onDelta` as it arrives, the whole answer at the end. */
export type StreamCall = (
  request: LlmRequest,
  ctx: ApiCallContext,
  onDelta: (text: string) => void,
) => Promise<ApiCallOutput>;

/** The Responses API streamed: `response.output_text.delta` events, then the final response. */
export const streamResponses: StreamCall = async (request, ctx, onDelta) => {
  const stream = await ctx.client.responses.create(
    { ...responsesParams(request, ctx), stream: true },
    { signal: request.signal },
  );
  let final: Extract<ResponseStreamEvent, { response: unknown }>["response"] | undefined;
  let text = "";
  for await (const event of readAll(stream, request)) {
    if (event.type === "response.output_text.delta") {
      text += event.delta;
      onDelta(event.delta);
    } else if (
      event.type === "response.completed" ||
      event.type === "response.incomplete" ||
      event.type === "response.failed"
    )
      final = event.response;
    else if (event.type === "error") throw malformedAnswerError(request.model, event.message);
  }
  if (!final) throw malformedAnswerError(request.model, "the stream ended before the response did");
  // Streamed events carry the raw response, without the SDK's convenience `output_text`.
  return readResponse({ ...final, output_text: final.output_text ?? text }, request, ctx.apiKey);
};

/** Chat Completions streamed: content deltas, the finish reason, and usage in the last chunk. */
export const streamChat: StreamCall = async (request, ctx, onDelta) => {
  const stream = await ctx.client.chat.completions.create(
    { ...chatParams(request, ctx), stream: true, stream_options: { include_usage: true } },
    { signal: request.signal },
  );
  let text = "";
  let refusal = "";
  let model = request.model;
  let finish: string | null = null;
  let usage: ApiCallOutput["usage"] = {
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
  };
  for await (const chunk of readAll(stream, request)) {
    if (chunk.model) model = chunk.model;
    const choice = chunk.choices?.[0];
    if (choice?.delta?.content) {
      text += choice.delta.content;
      onDelta(choice.delta.content);
    }
    if (choice?.delta?.refusal) refusal += choice.delta.refusal;
    if (choice?.finish_reason) finish = choice.finish_reason;
    if (chunk.usage) {
      usage = {
        inputTokens: chunk.usage.prompt_tokens ?? 0,
        cachedInputTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
        outputTokens: chunk.usage.completion_tokens ?? 0,
        reasoningTokens: chunk.usage.completion_tokens_details?.reasoning_tokens ?? 0,
      };
    }
  }
  if (finish === "length") throw truncatedError(model, request.maxOutputTokens);
  if (finish === "content_filter") throw filteredError(model);
  if (refusal) throw refusedError(model, refusal, ctx.apiKey);
  if (finish === null) throw malformedAnswerError(model, "the stream ended before the answer did");
  return { text, model, usage };
};

/** A failure after text has arrived is not retried: a second attempt would repeat what was shown. */
export function notRetryableOnceStarted(error: unknown, started: boolean): unknown {
  if (!started || !(error instanceof LlmError) || !error.retryable) return error;
  return new LlmError(error.code as LlmErrorCode, `${error.message} (after part of the answer had arrived)`, {
    retryable: false,
    cause: error,
    ...(error.status !== undefined ? { status: error.status } : {}),
  });
}

/** The stream's events; a connection that drops mid-answer becomes an `llm_connection` error. */
async function* readAll<T>(stream: AsyncIterable<T>, request: LlmRequest): AsyncGenerator<T> {
  try {
    for await (const item of stream) yield item;
  } catch (error) {
    if (error instanceof LlmError || request.signal?.aborted) throw error;
    throw new LlmError(
      "llm_connection",
      "The connection to the model service dropped before the answer was complete.",
      {
        retryable: true,
        cause: error,
      },
    );
  }
}
