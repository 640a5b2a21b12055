import OpenAI from "openai";
import * as v from "valibot";
import { LlmError } from "../../../core/errors";
import { STRUCTURED_MODES, type StructuredMode } from "../../../core/llm/capabilities";
import type { ApiStyle } from "../../../core/llm/models";
import { ApiStyleSettingSchema, ReasoningEffortSchema, VerbositySchema } from "../../../core/llm/options";
import { type Sleep, withRetries } from "../../../core/llm/retry";
import { schemaInstruction } from "../../../core/llm/structured";
import { countTokens, createMessageCounter, estimateTokens } from "../../../core/llm/tokens";
import type { LlmProvider, LlmRequest, LlmResult, Usage } from "../../../core/ports";
import type { ApiCallContext, ApiCallOutput } from "./api-call";
import { callChat } from "./chat-api";
import { inputTruncatedError, toLlmError } from "./openai-errors";
import { callResponses } from "./responses-api";
import { createServerProfile, SERVER_KINDS, type ServerProfile } from "./server-profile";
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
  /** `LLM_CONTEXT_TOKENS`: the context window of this service's models, over what it reports. */
  contextTokens: v.optional(PositiveInt),
  /** Calls at once; unset: one for a local service, else bounded by the rates only. */
  concurrency: v.optional(PositiveInt),
  requestsPerMinute: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  tokensPerMinute: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Whether the service is a local one (one call at a time by default); `auto` reads the address. */
  serverKind: v.optional(v.picklist(SERVER_KINDS)),
});
export type OpenAiProviderSettings = v.InferOutput<typeof OpenAiProviderSettingsSchema>;

export interface OpenAiProviderConfig extends OpenAiProviderSettings {
  /** Injected in tests so that backoff does not really wait. */
  sleep?: Sleep;
  random?: () => number;
  fetch?: typeof fetch;
  /** What is known about the service, shared by its providers (one per key); made here when absent. */
  profile?: ServerProfile;
}

/** A local OpenAI-compatible server (Ollama, vLLM…) needs a base URL but often no key. */
export function isLlmConfigured(config: Pick<OpenAiProviderSettings, "apiKey" | "baseURL">): boolean {
  return Boolean(config.apiKey || config.baseURL);
}

export function createOpenAiProvider(config: OpenAiProviderConfig): LlmProvider {
  const client = isLlmConfigured(config) ? createClient(config) : undefined;
  const profile =
    config.profile ??
    createServerProfile({
      baseURL: config.baseURL,
      kind: config.serverKind,
      apiStyle: config.apiStyle,
      contextTokens: config.contextTokens,
      concurrency: config.concurrency,
      requestsPerMinute: config.requestsPerMinute,
      tokensPerMinute: config.tokensPerMinute,
    });
  const countSent = createMessageCounter();
  const structuredLearning = new Map<string, Promise<LlmResult>>();

  /** One way of asking (API and response format), gated per service and retried as configured. */
  async function attempt(
    request: LlmRequest,
    api: ApiStyle,
    responseFormat: ApiCallContext["responseFormat"],
  ) {
    const ctx: ApiCallContext = {
      client: client!,
      defaultReasoningEffort: config.defaultReasoningEffort,
      defaultVerbosity: config.defaultVerbosity,
      apiKey: config.apiKey,
      responseFormat,
    };
    const call = api === "responses" ? callResponses : callChat;
    const errorContext = {
      model: request.model,
      timeoutMs: config.timeoutMs,
      baseURL: config.baseURL,
      apiKey: config.apiKey,
    };
    const estimate = request.messages.reduce((n, m) => n + estimateTokens(m.content), 0);
    // Counted while the call is under way, for the check of a cut input and for missing usage;
    // from the next turn on, so not even the first piece holds up the request going out.
    const counting = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      countSent(request.messages),
    );
    const outcome = await withRetries(
      async () => {
        // The turn is held for the call only, not through a backoff wait.
        const release = await profile.gate.acquire(estimate + (request.maxOutputTokens ?? 0), request.signal);
        try {
          return await call(request, ctx);
        } catch (error) {
          throw toLlmError(error, errorContext);
        } finally {
          release();
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
    return { ...outcome, sentTokens: await counting };
  }

  /** The service's usage, or a count of what was sent and received marked estimated; a cut input fails. */
  function usageOf(request: LlmRequest, output: ApiCallOutput, sentTokens: number): Usage {
    profile.sawUsage(output.usage !== undefined);
    if (!output.usage) {
      return {
        inputTokens: sentTokens,
        cachedInputTokens: 0,
        outputTokens: countTokens(output.text),
        reasoningTokens: 0,
        estimated: true,
      };
    }
    const read = output.usage.inputTokens;
    if (sentTokens >= MIN_CUT_CHECK_TOKENS && read < sentTokens * CUT_SHARE) {
      profile.sawInputCut(read);
      throw inputTruncatedError({ server: profile.server, model: request.model, sent: sentTokens, read });
    }
    return output.usage;
  }

  async function complete(request: LlmRequest): Promise<LlmResult> {
    if (!client) {
      throw new LlmError(
        "llm_not_configured",
        "No LLM is configured: set OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server. The computed analyses work without one.",
        { retryable: false },
      );
    }
    const { model } = request;
    // While one call finds out how this service takes JSON, the others wait for its answer.
    if (request.jsonSchema && !profile.structuredFor(model)) {
      const learning = structuredLearning.get(model);
      if (learning) await learning.catch(() => {});
      else {
        const run = completeOnce(request);
        structuredLearning.set(model, run);
        try {
          return await run;
        } finally {
          structuredLearning.delete(model);
        }
      }
    }
    return completeOnce(request);
  }

  async function completeOnce(request: LlmRequest): Promise<LlmResult> {
    const { model } = request;
    const modes = request.jsonSchema ? structuredModes(profile.structuredFor(model)) : [undefined];
    let attempts = 0;
    for (let i = 0; i < modes.length; ) {
      const mode = modes[i];
      const sent = mode === "json_object" || mode === "prompt" ? withSchemaInPrompt(request) : request;
      const api = profile.apiFor(model);
      try {
        const format = mode === "json_schema" || mode === "json_object" ? mode : undefined;
        const { value, attempts: made, sentTokens } = await attempt(sent, api, format);
        attempts += made;
        if (mode) profile.rememberStructured(model, mode);
        profile.answered(model, value.model);
        return { text: value.text, model: value.model, usage: usageOf(sent, value, sentTokens), attempts };
      } catch (error) {
        if (api === "responses" && config.baseURL && missingEndpoint(error)) {
          // A compatible server without the Responses API: Chat Completions from now on.
          profile.useChat(model);
          attempts++;
          continue;
        }
        if (mode && i < modes.length - 1 && refusedFormat(error)) {
          attempts++;
          i++;
          continue;
        }
        throw error;
      }
    }
    throw new TypeError("unreachable: the last structured mode either answers or throws");
  }

  // Streaming retries only until the first piece of text has been handed on (see streaming.ts).
  async function stream(request: LlmRequest, onDelta: (text: string) => void): Promise<LlmResult> {
    if (!client) return complete(request);
    const ctx: ApiCallContext = {
      client,
      defaultReasoningEffort: config.defaultReasoningEffort,
      defaultVerbosity: config.defaultVerbosity,
      apiKey: config.apiKey,
      // Streamed answers are text (the ask answers); JSON answers go through complete.
      responseFormat: undefined,
    };
    const call = profile.apiFor(request.model) === "responses" ? streamResponses : streamChat;
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
    profile.sawUsage(value.usage !== undefined);
    // A stream without usage is counted here and marked estimated, as for complete.
    const usage = value.usage ?? {
      inputTokens: countTokens(request.messages.map((m) => m.content).join("\n")),
      cachedInputTokens: 0,
      outputTokens: countTokens(value.text),
      reasoningTokens: 0,
      estimated: true as const,
    };
    return { ...value, usage, attempts };
  }

  return {
    complete,
    stream,
    capabilities: (model) =>
      profile.capabilities(model, async () =>
        client ? (await client.models.list({ timeout: MODELS_TIMEOUT_MS })).data : [],
      ),
  };
}

/** A check for a cut input needs an input long enough that framing differences do not matter. */
const MIN_CUT_CHECK_TOKENS = 1_024;
/**
 * Reported input below this share of what was sent: the server cut it. Tokenizers of local models
 * count English within a few percent of o200k (most count more, not fewer), so a tenth less is a
 * cut, not a difference in counting.
 */
const CUT_SHARE = 0.9;
const MODELS_TIMEOUT_MS = 5_000;

/** The ways of asking for JSON, from the one that worked last on this service (or the strictest). */
function structuredModes(remembered: StructuredMode | undefined): StructuredMode[] {
  return STRUCTURED_MODES.slice(remembered ? STRUCTURED_MODES.indexOf(remembered) : 0);
}

function withSchemaInPrompt(request: LlmRequest): LlmRequest {
  const { name, schema } = request.jsonSchema!;
  const messages = request.messages.map((m) => ({ ...m }));
  const last = messages.at(-1)!;
  last.content = `${last.content}\n\n${schemaInstruction(name, schema)}`;
  return { ...request, messages };
}

/** A server that does not have this endpoint (Responses) answers 404 or 405. */
function missingEndpoint(error: unknown): boolean {
  return error instanceof LlmError && (error.status === 404 || error.status === 405);
}

/** A request refused over its response format: a 400 or 422, or a server error that names the format. */
function refusedFormat(error: unknown): boolean {
  if (!(error instanceof LlmError)) return false;
  if (error.code === "llm_bad_request") return error.status === 400 || error.status === 422;
  return error.code === "llm_server_error" && /response_format|json|schema|grammar/i.test(error.message);
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
