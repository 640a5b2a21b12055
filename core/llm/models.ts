import type * as v from "valibot";
import type { ApiStyleSettingSchema } from "./options";
/**
 * What the project needs to know about a model family: how much fits in, how much may come out,
 * and which OpenAI API and options it takes.
 */

export type ApiStyle = "responses" | "chat";
export type ApiStyleSetting = v.InferOutput<typeof ApiStyleSettingSchema>;

export interface ModelLimits {
  contextWindow: number;
  maxOutputTokens: number;
}

/** Longest matching prefix wins, so `gpt-5-chat` beats `gpt-5`. */
const FAMILY_LIMITS: ReadonlyArray<readonly [prefix: string, limits: ModelLimits]> = [
  ["gpt-5", { contextWindow: 400_000, maxOutputTokens: 128_000 }],
  ["gpt-5-chat", { contextWindow: 128_000, maxOutputTokens: 16_384 }],
  ["gpt-4.1", { contextWindow: 1_047_576, maxOutputTokens: 32_768 }],
  ["gpt-4o", { contextWindow: 128_000, maxOutputTokens: 16_384 }],
  ["o1", { contextWindow: 200_000, maxOutputTokens: 100_000 }],
  ["o3", { contextWindow: 200_000, maxOutputTokens: 100_000 }],
  ["o4-mini", { contextWindow: 200_000, maxOutputTokens: 100_000 }],
];

/** For models this table does not know (local servers, new releases): a cautious common size. */
export const FALLBACK_LIMITS: ModelLimits = { contextWindow: 128_000, maxOutputTokens: 16_384 };

/** `openai/gpt-5` (router style) and `GPT-5` name the same model as `gpt-5`. */
export function normalizeModelName(model: string): string {
  const name = model.trim().toLowerCase();
  const slash = name.lastIndexOf("/");
  return slash >= 0 ? name.slice(slash + 1) : name;
}

export function modelLimits(model: string): ModelLimits {
  const name = normalizeModelName(model);
  let best: readonly [string, ModelLimits] | undefined;
  for (const entry of FAMILY_LIMITS) {
    if (name.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? best[1] : FALLBACK_LIMITS;
}

/** gpt-5 family (except the non-reasoning `gpt-5-chat`) and the o-series: o1, o3, o4-mini, … */
export function isReasoningModel(model: string): boolean {
  const name = normalizeModelName(model);
  if (/^o\d/.test(name)) return true;
  return name.startsWith("gpt-5") && !name.startsWith("gpt-5-chat");
}

/** Only the gpt-5 reasoning models accept `verbosity`; other models reject a request that has it. */
export function supportsVerbosity(model: string): boolean {
  const name = normalizeModelName(model);
  return name.startsWith("gpt-5") && !name.startsWith("gpt-5-chat");
}

/** `auto` picks the Responses API for gpt-5 and o-series models, Chat Completions otherwise. */
export function apiStyleFor(model: string, configured: ApiStyleSetting): ApiStyle {
  if (configured !== "auto") return configured;
  const name = normalizeModelName(model);
  return name.startsWith("gpt-5") || /^o\d/.test(name) ? "responses" : "chat";
}
