import OpenAI from "openai";
import * as v from "valibot";
import { LlmError } from "../../../core/errors";
import { apiStyleFor } from "../../../core/llm/models";
import { ApiStyleSettingSchema, ReasoningEffortSchema, VerbositySchema } from "../../../core/llm/options";
import { type Sleep, withRetries } from "../../../core/llm/retry";
import type { LlmProvider, LlmRequest, LlmResult } from "../../../core/ports";
import type { ApiCallContext } from "./api-call";
import { callChat } from "./chat-api";
import { toLlmError } from "./openai-errors";
import { callResponses } from "./responses-api";
import { notRetryableOnceStarted, streamChat, streamResponses } from "./streaming";

const PositiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));

/** The plain settings of a provider, as a deployment gives them (env or config file). */
export const OpenAiProviderSettingsSchema = v.object({
  apiKey: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1))),
  baseURL: v.optional(v.pipe(v.string(), v.url())),
  apiStyle: ApiStyleSettingSchema,
  timeoutMs: PositiveInt,
  maxAttempts: PositiveInt,
  baseDelayMs: v.pipe(v.number(), v.minValue(0)),
  maxDelayMs: v.pipe(v.number(), v.minValue(0)),
  defaultReasoningEffort: v.optional(ReasoningEffortSchema),
  defaultVerbosity: v.optional(VerbositySchema),
});
export type OpenAiProviderSettings = v.InferOutput<typeof OpenAiProviderSettingsSchema>;

export interface OpenAiProviderConfig extends OpenAiProviderSettings {
  /** Injected in tests so that backoff does not really wait. */
  sleep?: Sleep;
  random?: () => number;
  fetch?: typeof fetch;
}

/** A local OpenAI-compatible server (Ollama, vLLM…) needs a base URL but often no key. */
export function isLlmConfigured(config: Pick<OpenAiProviderSettings, "apiKey" | "baseURL">): boolean {
  return Boolean(config.apiKey || config.baseURL);
}

export function createOpenAiProvider(config: OpenAiProviderConfig): LlmProvider {
  const client = isLlmConfigured(config) ? createClient(config) : undefined;

  async function complete(request: LlmRequest): Promise<LlmResult> {
    if (!client) {
      throw new LlmError(
        "llm_not_configured",
        "No LLM is configured: set OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server. The computed analyses work without one.",
        { retryable: false },
      );
    }
    const ctx: ApiCallContext = {
      client,
      defaultReasoningEffort: config.defaultReasoningEffort,
      defaultVerbosity: config.defaultVerbosity,
      apiKey: config.apiKey,
    };
    const call = apiStyleFor(request.model, config.apiStyle) === "responses" ? callResponses : callChat;
    const errorContext = {
      model: request.model,
      timeoutMs: config.timeoutMs,
      baseURL: config.baseURL,
      apiKey: config.apiKey,
    };
    const { value, attempts } = await withRetries(
      async () => {
        try {
          return await call(request, ctx);
        } catch (error) {
          throw toLlmError(error, errorContext);
        }
      },
      {
        maxAttempts: config.maxAttempts,
        baseDelayMs: config.baseDelayMs,
        maxDelayMs: config.maxDelayMs,
        sleep: config.sleep,
        random: config.random,
        signal: request.signal,
      },
    );
    return { ...value, attempts };
  }

  // Streaming retries only until the first piece of text has been handed on (see streaming.ts).
  async function stream(request: LlmRequest, onDelta: (text: string) => void): Promise<LlmResult> {
    if (!client) return complete(request);
    const ctx: ApiCallContext = {
      client,
      defaultReasoningEffort: config.defaultReasoningEffort,
      defaultVerbosity: config.defaultVerbosity,
      apiKey: config.apiKey,
    };
    const call = apiStyleFor(request.model, config.apiStyle) === "responses" ? streamResponses : streamChat;
    const { timeoutMs, baseURL, apiKey, maxAttempts, baseDelayMs, maxDelayMs, sleep, random } = config;
    let started = false;
    const attempt = () =>
      call(request, ctx, (delta) => {
        started = true;
        onDelta(delta);
      }).catch((error: unknown) => {
        throw notRetryableOnceStarted(
          toLlmError(error, { model: request.model, timeoutMs, baseURL, apiKey }),
          started,
        );
      });
    const retries = { maxAttempts, baseDelayMs, maxDelayMs, sleep, random, signal: request.signal };
    const { value, attempts } = await withRetries(attempt, retries);
    return { ...value, attempts };
  }

  return { complete, stream };
}

function createClient(config: OpenAiProviderConfig): OpenAI {
  // Every option is given explicitly so the SDK reads nothing from the environment by itself.
  return new OpenAI({
    // The SDK insists on a key; with a keyless local server the Authorization header is then dropped.
    apiKey: config.apiKey ?? "no-key",
    ...(config.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    baseURL: config.baseURL ?? "https://api.openai.com/v1",
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    timeout: config.timeoutMs,
    // Our retry loop owns retries: one policy, attempts counted and reported.
    maxRetries: 0,
    ...(config.fetch && { fetch: config.fetch }),
  });
}

/**
 * Whether a key opens the configured service: one cheap call (list models). Answers why not in
 * words a person can act on; never echoes the key.
 */
export async function checkApiKey(
  config: Pick<OpenAiProviderConfig, "apiKey" | "baseURL" | "timeoutMs" | "fetch">,
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const client = createClient({ apiStyle: "auto", maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, ...config });
  try {
    await client.models.list();
    return { ok: true };
  } catch (error) {
    const e = toLlmError(error, {
      model: "(models list)",
      timeoutMs: config.timeoutMs,
      baseURL: config.baseURL,
      apiKey: config.apiKey,
    });
    const message =
      e.code === "llm_auth" ? "The service refused this key (401/403): check it and its project." : e.message;
    return { ok: false, code: e.code, message };
  }
}
