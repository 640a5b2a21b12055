import { DEFAULT_PRICING, mergePricing, type PricingTable } from "../core/llm/pricing";
import type { PipelineSettings } from "../core/pipeline/deps";
import type { LlmProvider } from "../core/ports";
import { createOpenAiProvider, createServerProfile } from "./adapters/openai";
import type { Config } from "./config";

/**
 * The model service per job: the server's configured key, or a session's own key carried by the
 * job (decrypted by `openCredentials`). One client per distinct key, reused across calls.
 */
export function createLlmFactory(
  config: Config,
  openCredentials: (credentials: string) => string | undefined = () => undefined,
  backoff: { baseDelayMs: number; maxDelayMs: number } = { baseDelayMs: 1_000, maxDelayMs: 60_000 },
): (credentials: string | undefined) => LlmProvider | null {
  // One profile for the service, whichever key calls it: what it supports, and one pace for all.
  const profile = createServerProfile({
    baseURL: config.llm.baseURL,
    kind: config.llm.serverKind,
    apiStyle: config.llm.apiStyle,
    contextTokens: config.llm.contextTokens,
    concurrency: config.llm.concurrency,
    requestsPerMinute: config.llm.ratePerMinute,
    tokensPerMinute: config.llm.tokensPerMinute,
  });
  const make = (apiKey: string | undefined) =>
    createOpenAiProvider({
      profile,
      ...(apiKey ? { apiKey } : {}),
      ...(config.llm.baseURL ? { baseURL: config.llm.baseURL } : {}),
      apiStyle: config.llm.apiStyle,
      timeoutMs: config.llm.timeoutMs,
      maxAttempts: config.llm.maxAttempts,
      ...backoff,
      ...(config.llm.reasoningEffort ? { defaultReasoningEffort: config.llm.reasoningEffort } : {}),
      ...(config.llm.verbosity ? { defaultVerbosity: config.llm.verbosity } : {}),
    });
  const server = config.llm.configured ? make(config.llm.apiKey) : null;
  const perKey = new Map<string, LlmProvider>();
  return (credentials) => {
    const key = credentials ? openCredentials(credentials) : undefined;
    if (!key) return server;
    let provider = perKey.get(key);
    if (!provider) {
      provider = make(key);
      if (perKey.size > 1_000) perKey.clear();
      perKey.set(key, provider);
    }
    return provider;
  };
}

export function pipelineSettings(config: Config): PipelineSettings {
  const pricing: PricingTable = config.llm.pricingJson
    ? mergePricing(DEFAULT_PRICING, config.llm.pricingJson)
    : DEFAULT_PRICING;
  const settings: PipelineSettings = { maxOutputTokens: config.llm.maxOutputTokens, pricing };
  if (config.llm.maxInputTokens !== undefined) settings.maxInputTokens = config.llm.maxInputTokens;
  return settings;
}
