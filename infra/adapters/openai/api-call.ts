import type OpenAI from "openai";
import type { LlmRequest, ReasoningEffort, Usage, Verbosity } from "../../../core/ports";

/** What one API call needs beyond the request: the client and the provider's defaults. */
export interface ApiCallContext {
  client: OpenAI;
  defaultReasoningEffort: ReasoningEffort | undefined;
  defaultVerbosity: Verbosity | undefined;
  apiKey: string | undefined;
}

export interface ApiCallOutput {
  text: string;
  model: string;
  usage: Usage;
}

export type ApiCall = (request: LlmRequest, ctx: ApiCallContext) => Promise<ApiCallOutput>;
