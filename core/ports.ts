/**
 * The only doors out of core/. Adapters in infra/ implement these; core and functions receive
 * them as arguments and never construct one.
 */

// ---------------------------------------------------------------------------------------------
// LLM

export type ReasoningEffort = "minimal" | "low" | "medium" | "high";
export type Verbosity = "low" | "medium" | "high";

export interface LlmMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface LlmRequest {
  model: string;
  /**
   * In order. The long shared block (transcript or context) comes first so that calls of one job
   * share a prefix the provider can cache; the analyzer's instructions come last.
   */
  messages: LlmMessage[];
  maxOutputTokens?: number;
  reasoningEffort?: ReasoningEffort;
  verbosity?: Verbosity;
  /** Ask for JSON that matches this schema (strict where the API has it). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** Groups calls that share a prefix (`prompt_cache_key` on the OpenAI APIs). */
  cacheKey?: string;
  signal?: AbortSignal;
}

export interface LlmUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export interface LlmResult {
  text: string;
  /** The model that answered, as the service reports it. */
  model: string;
  usage: LlmUsage;
  /** Number of attempts the provider made, 1 when the first one succeeded. */
  attempts: number;
}

/** One configured LLM service. Errors are thrown as `LlmError` with a stable code. */
export interface LlmProvider {
  complete(request: LlmRequest): Promise<LlmResult>;
}
