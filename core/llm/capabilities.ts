import * as v from "valibot";
import type { ModelLimits } from "./models";

/**
 * What a model service offers for one model, as far as this process knows: the context window
 * (and where that figure comes from), what it was found to support, and how calls to it are
 * paced. OpenAI-compatible servers differ a lot (Ollama, vLLM, LM Studio, llama.cpp), so the
 * pipeline sizes its calls from this instead of from the model's name alone.
 */

/** How a structured answer is asked for: the strict schema, JSON mode plus the schema in the prompt, or the prompt alone. */
export const STRUCTURED_MODES = ["json_schema", "json_object", "prompt"] as const;
export const StructuredModeSchema = v.picklist(STRUCTURED_MODES);
export type StructuredMode = v.InferOutput<typeof StructuredModeSchema>;

export const CONTEXT_SOURCES = ["LLM_CONTEXT_TOKENS", "server", "model table"] as const;

export const LlmCapabilitiesSchema = v.object({
  /** The service's address as shown to people: no credentials, no query. */
  server: v.string(),
  /** On this machine or a private network (Ollama, vLLM, LM Studio…), where calls default to one at a time. */
  local: v.boolean(),
  model: v.string(),
  /** The model name the service reported in its last answer, when it has answered. */
  answeredBy: v.optional(v.string()),
  api: v.picklist(["responses", "chat"]),
  contextWindow: v.number(),
  contextSource: v.picklist(CONTEXT_SOURCES),
  maxOutputTokens: v.number(),
  /** The way of asking for JSON that last worked; absent until a structured call was made. */
  structuredOutput: v.optional(StructuredModeSchema),
  /** Whether answers carry token usage; `missing` means figures are counted here and marked estimated. */
  usage: v.picklist(["reported", "missing", "unknown"]),
  /** Input tokens the service read when it was seen cutting a longer input. */
  inputCutAt: v.optional(v.number()),
  /** Calls at once to this service from this process; null when only the rates bound them. */
  concurrency: v.nullable(v.number()),
  requestsPerMinute: v.nullable(v.number()),
  tokensPerMinute: v.nullable(v.number()),
});
export type LlmCapabilities = v.InferOutput<typeof LlmCapabilitiesSchema>;

/** A window this small makes the usual output reserve and safety margin too large to leave room for input. */
const SMALL_WINDOW = 32_000;

/**
 * The limits a call is sized by: the reported or configured context window, and the model
 * table's output limit, which a small window caps at a quarter of itself.
 */
export function callLimits(caps: Pick<LlmCapabilities, "contextWindow" | "maxOutputTokens">): ModelLimits {
  return {
    contextWindow: caps.contextWindow,
    maxOutputTokens: Math.min(caps.maxOutputTokens, Math.max(512, Math.floor(caps.contextWindow / 4))),
  };
}

/** Room kept free in a call for the tokenizer's differences from the service's own count. */
export function safetyMargin(contextWindow: number): number {
  return contextWindow >= SMALL_WINDOW ? 1_000 : Math.ceil(contextWindow * 0.1);
}
