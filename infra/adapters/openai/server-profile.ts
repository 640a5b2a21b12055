import { type CallGate, createCallGate } from "../../../core/llm/call-gate";
import type { LlmCapabilities, StructuredMode } from "../../../core/llm/capabilities";
import { type ApiStyle, type ApiStyleSetting, apiStyleFor, modelLimits } from "../../../core/llm/models";

/**
 * What this process has learned about one model service, shared by every provider that calls it
 * (the server's key and each session's own): its context windows as its model list reports them,
 * which way of asking for JSON works, whether it has the Responses API and reports usage, and the
 * one gate that paces calls to it.
 */
export interface ServerProfile {
  readonly server: string;
  readonly local: boolean;
  readonly gate: CallGate;
  apiFor(model: string): ApiStyle;
  /** The Responses API is missing here: later calls for this model go to Chat Completions. */
  useChat(model: string): void;
  structuredFor(model: string): StructuredMode | undefined;
  rememberStructured(model: string, mode: StructuredMode): void;
  sawUsage(reported: boolean): void;
  sawInputCut(readTokens: number): void;
  answered(model: string, reportedModel: string): void;
  /** `listModels` fetches the service's model list; called at most once per ten minutes. */
  capabilities(model: string, listModels: () => Promise<unknown[]>): Promise<LlmCapabilities>;
}

export const SERVER_KINDS = ["auto", "local", "hosted"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export interface ServerProfileOptions {
  baseURL: string | undefined;
  /** `LLM_SERVER_KIND`: `auto` tells a local server by its address. */
  kind?: ServerKind;
  apiStyle: ApiStyleSetting;
  /** `LLM_CONTEXT_TOKENS`: the window every model of this service has, over what it reports. */
  contextTokens?: number | undefined;
  /** `LLM_CONCURRENCY`; unset: one at a time for a local service, else no count limit. */
  concurrency?: number | undefined;
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
  now?: () => number;
}

const MODELS_TTL_MS = 10 * 60_000;
const MODELS_RETRY_MS = 60_000;

export function createServerProfile(options: ServerProfileOptions): ServerProfile {
  const now = options.now ?? Date.now;
  const kind = options.kind ?? "auto";
  const local = kind === "auto" ? isLocalUrl(options.baseURL) : kind === "local";
  const concurrency = options.concurrency ?? (local ? 1 : undefined);
  const rpm = options.requestsPerMinute || undefined;
  const tpm = options.tokensPerMinute || undefined;
  const gate = createCallGate({ concurrency, requestsPerMinute: rpm, tokensPerMinute: tpm, now });
  const chatOnly = new Set<string>();
  const structured = new Map<string, StructuredMode>();
  const answeredBy = new Map<string, string>();
  let usage: LlmCapabilities["usage"] = "unknown";
  let inputCutAt: number | undefined;
  let models: { at: number; windows: Promise<Map<string, number>>; ok: boolean } | undefined;
  const server = displayUrl(options.baseURL);

  const windows = (listModels: () => Promise<unknown[]>) => {
    const t = now();
    if (!models || t - models.at > (models.ok ? MODELS_TTL_MS : MODELS_RETRY_MS)) {
      const entry = { at: t, ok: true, windows: Promise.resolve(new Map<string, number>()) };
      entry.windows = listModels().then(contextWindows, () => {
        entry.ok = false;
        return new Map<string, number>();
      });
      models = entry;
    }
    return models.windows;
  };

  const apiFor = (model: string) => (chatOnly.has(model) ? "chat" : apiStyleFor(model, options.apiStyle));

  return {
    server,
    local,
    gate,
    apiFor,
    useChat: (model) => void chatOnly.add(model),
    structuredFor: (model) => structured.get(model),
    rememberStructured: (model, mode) => void structured.set(model, mode),
    sawUsage(reported) {
      usage = reported ? "reported" : "missing";
    },
    sawInputCut(readTokens) {
      inputCutAt = readTokens;
    },
    answered: (model, reported) => void answeredBy.set(model, reported),
    async capabilities(model, listModels) {
      const limits = modelLimits(model);
      // The default OpenAI service lists no context sizes; only other servers are asked.
      const reported = options.baseURL ? (await windows(listModels)).get(model) : undefined;
      const [contextWindow, contextSource] =
        options.contextTokens !== undefined
          ? [options.contextTokens, "LLM_CONTEXT_TOKENS" as const]
          : reported !== undefined
            ? [reported, "server" as const]
            : [limits.contextWindow, "model table" as const];
      const caps: LlmCapabilities = {
        server,
        local,
        model,
        api: apiFor(model),
        contextWindow,
        contextSource,
        maxOutputTokens: limits.maxOutputTokens,
        usage,
        concurrency: concurrency ?? null,
        requestsPerMinute: rpm ?? null,
        tokensPerMinute: tpm ?? null,
      };
      const by = answeredBy.get(model);
      if (by) caps.answeredBy = by;
      const mode = structured.get(model);
      if (mode) caps.structuredOutput = mode;
      if (inputCutAt !== undefined) caps.inputCutAt = inputCutAt;
      return caps;
    },
  };
}

/**
 * The context size a model list entry states, in the field each server uses: vLLM
 * `max_model_len`, LM Studio `loaded_context_length`/`max_context_length`, llama.cpp
 * `meta.n_ctx`/`meta.n_ctx_train`, OpenRouter and LiteLLM `context_length`, others `context_window`.
 */
export function contextWindows(entries: unknown[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry.id !== "string") continue;
    const meta = isObject(entry.meta) ? entry.meta : {};
    const top = isObject(entry.top_provider) ? entry.top_provider : {};
    const found = [
      entry.max_model_len,
      entry.loaded_context_length,
      entry.max_context_length,
      entry.context_length,
      entry.context_window,
      meta.n_ctx,
      meta.n_ctx_train,
      top.context_length,
    ].find((n): n is number => typeof n === "number" && Number.isInteger(n) && n >= 256);
    if (found !== undefined) out.set(entry.id, found);
  }
  return out;
}

/**
 * A service on this machine or a private network: loopback, private IPv4 ranges, `.local`, or a
 * one-label host name such as a compose service (`ollama:11434`).
 */
export function isLocalUrl(baseURL: string | undefined): boolean {
  if (!baseURL) return false;
  let host: string;
  try {
    host = new URL(baseURL).hostname.toLowerCase().replace(/^\[|\]$/g, "");
  } catch {
    return false;
  }
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local")) return true;
  if (host === "::1" || host === "0.0.0.0" || host === "host.docker.internal") return true;
  const ip = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (ip) {
    const [a, b] = [Number(ip[1]), Number(ip[2])];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  return !host.includes(".") && !host.includes(":");
}

/** Where the service is, without credentials or query, for messages and health reports. */
export function displayUrl(baseURL: string | undefined): string {
  if (!baseURL) return "https://api.openai.com/v1";
  try {
    const url = new URL(baseURL);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/$/, "")}`;
  } catch {
    return "the configured base URL";
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
