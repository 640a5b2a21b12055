import type OpenAI from "openai";
import type { LlmRequest, ReasoningEffort, Usage, Verbosity } from "../../../core/ports";

/** What one API call needs beyond the request: the client and the provider's defaults. */
export interface ApiCallContext {
  client: OpenAI;
  defaultReasoningEffort: ReasoningEffort | undefined;
  defaultVerbosity: Verbosity | undefined;
  apiKey: string | undefined;
  /**
   * How the JSON answer is asked for: the request's strict schema, or JSON mode (the schema then
   * travels in the prompt); undefined for a plain answer.
   */
  responseFormat: "json_schema" | "json_object" | undefined;
}

export interface ApiCallOutput {
  text: string;
  model: string;
  /** Undefined when the service sent no usage (some local servers). */
  usage: Usage | undefined;
}

export type ApiCall = (request: LlmRequest, ctx: ApiCallContext) => Promise<ApiCallOutput>;
