import * as v from "valibot";
import { InputError } from "../errors";
import { normalizeModelName } from "./models";
import type { Spend, Usage } from "./usage";

const UsdPerMillion = v.pipe(v.number(), v.finite(), v.minValue(0));

/** USD per 1M tokens. Reasoning tokens are billed as output. */
export const ModelPricingSchema = v.strictObject({
  input: UsdPerMillion,
  cachedInput: UsdPerMillion,
  output: UsdPerMillion,
});
export type ModelPricing = v.InferOutput<typeof ModelPricingSchema>;

export const PricingTableSchema = v.record(v.pipe(v.string(), v.minLength(1)), ModelPricingSchema);
export type PricingTable = v.InferOutput<typeof PricingTableSchema>;

/** OpenAI list prices (standard tier); a deployment overrides or extends them with `mergePricing`. */
export const DEFAULT_PRICING: PricingTable = {
  "gpt-5": { input: 1.25, cachedInput: 0.125, output: 10 },
  "gpt-5-mini": { input: 0.25, cachedInput: 0.025, output: 2 },
  "gpt-5-nano": { input: 0.05, cachedInput: 0.005, output: 0.4 },
  "gpt-4.1": { input: 2, cachedInput: 0.5, output: 8 },
  "gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 },
  "gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  "o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
};

/**
 * The price row of a model: an exact name, else the longest table key followed by `-`
 * (`gpt-5-mini-2025-08-07` → `gpt-5-mini`). `gpt-5.1` does not fall back to `gpt-5`: an unknown
 * model is unpriced (null) rather than priced by a guess.
 */
export function resolvePricing(model: string, table: PricingTable): ModelPricing | null {
  const name = normalizeModelName(model);
  const exact = table[name] ?? table[model];
  if (exact) return exact;
  let bestKey: string | undefined;
  for (const key of Object.keys(table)) {
    if (name.startsWith(`${key}-`) && (!bestKey || key.length > bestKey.length)) bestKey = key;
  }
  return bestKey === undefined ? null : table[bestKey]!;
}

/** Cost of one call in USD, or null when the model has no price (so a total can say "unpriced"). */
export function costUsd(usage: Usage, pricing: ModelPricing | null): number | null {
  if (!pricing) return null;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const uncached = usage.inputTokens - cached;
  // outputTokens already includes the reasoning tokens; adding them again would bill them twice.
  return (
    (uncached * pricing.input + cached * pricing.cachedInput + usage.outputTokens * pricing.output) / 1e6
  );
}

/** A row of an override: a known model may change single prices; cachedInput defaults to input. */
const PricingOverrideSchema = v.record(
  v.pipe(v.string(), v.minLength(1)),
  v.strictObject({
    input: v.optional(UsdPerMillion),
    cachedInput: v.optional(UsdPerMillion),
    output: v.optional(UsdPerMillion),
  }),
);

/**
 * A deployment's prices over the defaults, from JSON such as
 * `{"gpt-5": {"output": 12}, "llama3.1": {"input": 0, "output": 0}}`.
 * Throws InputError("invalid_request") that names the broken entry.
 */
export function mergePricing(table: PricingTable, overrideJson: string): PricingTable {
  let raw: unknown;
  try {
    raw = JSON.parse(overrideJson);
  } catch (e) {
    throw new InputError(
      "invalid_request",
      `The pricing override is not valid JSON: ${(e as Error).message}.`,
      {
        cause: e,
      },
    );
  }
  const parsed = v.safeParse(PricingOverrideSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue) ?? "(root)";
    throw new InputError(
      "invalid_request",
      `The pricing override is invalid at ${path}: ${issue.message}. Expected {"<model>": {"input": USD, "cachedInput": USD, "output": USD}} per 1M tokens.`,
      { details: { path } },
    );
  }
  const merged: PricingTable = { ...table };
  for (const [model, row] of Object.entries(parsed.output)) {
    const known = merged[model];
    const input = row.input ?? known?.input;
    const output = row.output ?? known?.output;
    if (input === undefined || output === undefined) {
      throw new InputError(
        "invalid_request",
        `The pricing override for "${model}" needs both "input" and "output" (USD per 1M tokens), since it is not in the default table.`,
        { details: { path: model } },
      );
    }
    merged[model] = { input, output, cachedInput: row.cachedInput ?? known?.cachedInput ?? input };
  }
  return merged;
}

/** What one call cost, as a Spend that adds up with others. */
export function spendOf(model: string, usage: Usage, attempts: number, pricing: PricingTable): Spend {
  const cost = costUsd(usage, resolvePricing(model, pricing));
  return { usage, costUsd: cost ?? 0, unpricedCalls: cost === null ? 1 : 0, calls: 1, attempts };
}
