import * as v from "valibot";

/** Tokens of one or more model calls, as the service reports them. */
export const UsageSchema = v.object({
  inputTokens: v.number(),
  cachedInputTokens: v.number(),
  outputTokens: v.number(),
  reasoningTokens: v.number(),
  /**
   * True when the service reported no usage for at least one of the calls and its figures were
   * counted here with the tokenizer instead (some local servers send none).
   */
  estimated: v.optional(v.literal(true)),
});
export type Usage = v.InferOutput<typeof UsageSchema>;

export const ZERO_USAGE: Usage = {
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
};

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    ...(a.estimated || b.estimated ? { estimated: true as const } : {}),
  };
}

/** What model calls cost: per job in its status document, per analyzer while it runs. */
export const TotalsSchema = v.object({
  usage: UsageSchema,
  /** USD of the priced calls. */
  costUsd: v.number(),
  /** Calls whose model had no price: their cost is not in `costUsd`. */
  unpricedCalls: v.number(),
  calls: v.number(),
});
export type Totals = v.InferOutput<typeof TotalsSchema>;

/** Totals plus the attempts they took (retries included), summed over the calls of one step. */
export const SpendSchema = v.object({ ...TotalsSchema.entries, attempts: v.number() });
export type Spend = v.InferOutput<typeof SpendSchema>;

export const NO_SPEND: Spend = { usage: ZERO_USAGE, costUsd: 0, unpricedCalls: 0, calls: 0, attempts: 0 };

export function addSpend(a: Spend, b: Spend): Spend {
  return {
    usage: addUsage(a.usage, b.usage),
    costUsd: a.costUsd + b.costUsd,
    unpricedCalls: a.unpricedCalls + b.unpricedCalls,
    calls: a.calls + b.calls,
    attempts: a.attempts + b.attempts,
  };
}

/** The cost to show: null when nothing was priced, so "unpriced" is not mistaken for free. */
export const shownCost = (s: Spend): number | null =>
  s.unpricedCalls > 0 && s.unpricedCalls === s.calls ? null : s.costUsd;
