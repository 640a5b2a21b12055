import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from "openai/resources/chat/completions/completions";
import { isReasoningModel, supportsVerbosity } from "../../../core/llm/models";
import type { LlmRequest } from "../../../core/ports";
import type { ApiCall, ApiCallContext } from "./api-call";
import { filteredError, malformedAnswerError, refusedError, truncatedError } from "./openai-errors";

export function chatParams(request: LlmRequest, ctx: ApiCallContext): ChatCompletionCreateParamsNonStreaming {
  const effort = request.reasoningEffort ?? ctx.defaultReasoningEffort;
  const verbosity = supportsVerbosity(request.model)
    ? (request.verbosity ?? ctx.defaultVerbosity)
    : undefined;
  const schema = ctx.responseFormat === "json_schema" ? request.jsonSchema : undefined;
  return {
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    ...(request.maxOutputTokens !== undefined && { max_completion_tokens: request.maxOutputTokens }),
    ...(schema && {
      response_format: {
        type: "json_schema",
        json_schema: { name: schema.name, schema: schema.schema, strict: true },
      },
    }),
    ...(ctx.responseFormat === "json_object" && { response_format: { type: "json_object" } }),
    ...(effort && isReasoningModel(request.model) && { reasoning_effort: effort }),
    ...(verbosity && { verbosity }),
    ...(request.cacheKey && { prompt_cache_key: request.cacheKey }),
  };
}

export const callChat: ApiCall = async (request, ctx) => {
  const completion = await ctx.client.chat.completions.create(chatParams(request, ctx), {
    signal: request.signal,
  });
  return readCompletion(completion, request, ctx.apiKey);
};

function readCompletion(completion: ChatCompletion, request: LlmRequest, apiKey: string | undefined) {
  const model = completion.model || request.model;
  const choice = completion.choices?.[0];
  if (!choice) throw malformedAnswerError(model, "no choices");
  if (choice.finish_reason === "length") throw truncatedError(model, request.maxOutputTokens);
  if (choice.finish_reason === "content_filter") throw filteredError(model);
  if (choice.message?.refusal) throw refusedError(model, choice.message.refusal, apiKey);
  const text = choice.message?.content;
  if (typeof text !== "string") throw malformedAnswerError(model, "no message content");
  const usage = completion.usage;
  // Some servers send no usage, or one of zeros; either way nothing was reported.
  const reported = usage && (usage.prompt_tokens > 0 || usage.completion_tokens > 0);
  return {
    text,
    model,
    usage: reported
      ? {
          inputTokens: usage.prompt_tokens ?? 0,
          cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
          outputTokens: usage.completion_tokens ?? 0,
          reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
        }
      : undefined,
  };
}
