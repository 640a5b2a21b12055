import type { RecordedRequest, ReplyUsage } from "./types";

/** Answer bodies in the shapes the `openai` SDK parses. */
export interface BodyInput {
  id: string;
  msgId: string;
  req: RecordedRequest;
  text: string;
  usage: Required<ReplyUsage>;
  outcome: "completed" | "truncated" | "refused";
  refusal: string | undefined;
}

export function responsesBody({
  id,
  msgId,
  req,
  text,
  usage,
  outcome,
  refusal,
}: BodyInput): Record<string, unknown> {
  const content =
    outcome === "refused"
      ? [{ type: "refusal", refusal }]
      : [{ type: "output_text", text, annotations: [], logprobs: [] }];
  return {
    id,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status: outcome === "truncated" ? "incomplete" : "completed",
    error: null,
    incomplete_details: outcome === "truncated" ? { reason: "max_output_tokens" } : null,
    instructions: null,
    max_output_tokens: req.maxOutputTokens ?? null,
    model: req.model,
    output: [
      {
        type: "message",
        id: msgId,
        status: outcome === "truncated" ? "incomplete" : "completed",
        role: "assistant",
        content,
      },
    ],
    parallel_tool_calls: true,
    previous_response_id: null,
    prompt_cache_key: req.cacheKey ?? null,
    reasoning: { effort: req.reasoningEffort ?? null, summary: null },
    store: false,
    temperature: 1,
    text: {
      format: req.jsonSchemaName
        ? { type: "json_schema", name: req.jsonSchemaName, strict: true }
        : { type: "text" },
    },
    tool_choice: "auto",
    tools: [],
    top_p: 1,
    truncation: "disabled",
    usage: {
      input_tokens: usage.inputTokens,
      input_tokens_details: { cached_tokens: usage.cachedInputTokens },
      output_tokens: usage.outputTokens,
      output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
      total_tokens: usage.inputTokens + usage.outputTokens,
    },
  };
}

export function chatBody({ id, req, text, usage, outcome, refusal }: BodyInput): Record<string, unknown> {
  return {
    id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: outcome === "refused" ? null : text,
          refusal: refusal ?? null,
          annotations: [],
        },
        finish_reason: outcome === "truncated" ? "length" : "stop",
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
      prompt_tokens_details: { cached_tokens: usage.cachedInputTokens, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: usage.reasoningTokens,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: "default",
    system_fingerprint: null,
  };
}

export function modelObject(id: string) {
  return { id, object: "model", created: 1_700_000_000, owned_by: "llm-test-double" };
}
