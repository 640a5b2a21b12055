import type { Metrics } from "./metrics";

/**
 * A queue task handler that also counts the model errors it hands back to the queue for a retry
 * (a RetryLater, e.g. a 429): those publish no event, yet a rate-limit storm is what an operator
 * most needs to see. Errors that end an analyzer are counted from its `analyzer.error` event.
 */
export function observeRetries<A extends unknown[], R>(
  handle: (...args: A) => Promise<R>,
  metrics: Pick<Metrics, "llmErrors">,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handle(...args);
    } catch (e) {
      const code = retriedCode(e);
      if (code) metrics.llmErrors.inc({ code });
      throw e;
    }
  };
}

// Errors cross bundles (each function is bundled on its own), so RetryLater is known by name.
function retriedCode(e: unknown): string | undefined {
  if (!(e instanceof Error) || e.name !== "RetryLater") return undefined;
  const code = (e.cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}
