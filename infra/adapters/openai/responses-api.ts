import type { Response, ResponseCreateParamsNonStreaming } from "openai/resources/responses/responses";
import { isReasoningModel, supportsVerbosity } from "../../../core/llm/models";
import type { LlmRequest } from "../../../core/ports";
import type { ApiCall, ApiCallContext } from "./api-call";
import { filteredError, malformedAnswerError, refusedError, truncatedError } from "./openai-errors";

export function responsesParams(request: LlmRequest, ctx: ApiCallContext): ResponseCreateParamsNonStreaming {
  const effort = request.reasoningEffort ?? ctx.defaultReasoningEffort;
  const verbosity = supportsVerbosity(request.model)
    ? (request.verbosity ?? ctx.defaultVerbosity)
    : undefined;
  const text: NonNullable<ResponseCreateParamsNonStreaming["text"]> = {};
  if (verbosity) text.verbosity = verbosity;
  if (ctx.responseFormat === "json_object") text.format = { type: "json_object" };
  if (request.jsonSchema && ctx.responseFormat === "json_schema") {
    text.format = {
      type: "json_schema",
      name: request.jsonSchema.name,
      schema: request.jsonSchema.schema,
      strict: true,
    };
  }
  return {
    model: request.model,
    input: request.messages.map((m) => ({ role: m.role, content: m.content })),
    // Nothing of a transcript is kept on the service's side.
    store: false,
    ...(request.maxOutputTokens !== undefined && { max_output_tokens: request.maxOutputTokens }),
    ...(effort && isReasoningModel(request.model) && { reasoning: { effort } }),
    ...(Object.keys(text).length > 0 && { text }),
    ...(request.cacheKey && { prompt_cache_key: request.cacheKey }),
  };
}

export const callResponses: ApiCall = async (request, ctx) => {
  const response = await ctx.client.responses.create(responsesParams(request, ctx), {
    signal: request.signal,
  });
  return readResponse(response, request, ctx.apiKey);
};

export function readResponse(response: Response, request: LlmRequest, apiKey: string | undefined) {
  const model = response.model || request.model;
  if (response.status === "incomplete") {
    if (response.incomplete_details?.reason === "content_filter") throw filteredError(model);
    throw truncatedError(model, request.maxOutputTokens);
  }
  if (response.status === "failed") {
    throw malformedAnswerError(model, response.error?.message ?? "the response failed");
  }
  for (const item of response.output ?? []) {
    if (item.type !== "message") continue;
    for (const part of item.content)
      if (part.type === "refusal") throw refusedError(model, part.refusal, apiKey);
  }
  if (typeof response.output_text !== "string") throw malformedAnswerError(model, "no output text");
  const usage = response.usage;
  const reported = usage && (usage.input_tokens > 0 || usage.output_tokens > 0);
  return {
    text: response.output_text,
    model,
    usage: reported
      ? {
          inputTokens: usage.input_tokens ?? 0,
          cachedInputTokens: usage.input_tokens_details?.cached_tokens ?? 0,
          outputTokens: usage.output_tokens ?? 0,
          reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
        }
      : undefined,
  };
}
