import { type Usage, ZERO_USAGE } from "../jobs/job";
import { costUsd, type PricingTable, resolvePricing } from "../llm/pricing";
import { addUsage } from "../llm/structured";

export { addUsage };

/** What one or more LLM calls cost; summed up per analyzer, stage and job. */
export interface Spend {
  usage: Usage;
  /** USD of the priced calls. */
  costUsd: number;
  /** Calls whose model has no price; their cost is not in `costUsd`. */
  unpricedCalls: number;
  calls: number;
  attempts: number;
}

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

export function spendOf(model: string, usage: Usage, attempts: number, pricing: PricingTable): Spend {
  const cost = costUsd(usage, resolvePricing(model, pricing));
  return { usage, costUsd: cost ?? 0, unpricedCalls: cost === null ? 1 : 0, calls: 1, attempts };
}

/** The cost to show: null when nothing was priced, so "unpriced" is not mistaken for free. */
export const shownCost = (s: Spend): number | null =>
  s.unpricedCalls > 0 && s.unpricedCalls === s.calls ? null : s.costUsd;
