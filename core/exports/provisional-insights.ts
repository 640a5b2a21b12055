import { mergeInsights } from "../insights/merge";
import type { InsightsReport } from "../insights/schema";
import type { JobBundle } from "./bundle";

/**
 * The job's insights, or, before the insights step has run, the keyword-rule items of the
 * computed analyses checked the same way; `provisional` says which, so exports can tell the reader.
 */
export function bundleInsights(bundle: JobBundle): { report: InsightsReport; provisional: boolean } {
  if (bundle.insights) return { report: bundle.insights, provisional: false };
  return {
    report: mergeInsights(bundle.transcript, { llm: [], heuristic: bundle.computed.insights }),
    provisional: true,
  };
}
