import type { Logger } from "../functions/shared/deps";
import type { RequestObservation } from "./host/http-host";
import type { Metrics } from "./metrics";

/**
 * The HTTP host's per-request hook: the latency histogram and one info log line per request. Only
 * the route pattern, method, status, time and request id: never the body, query values or headers,
 * which may hold transcripts, keys or tokens.
 */
export function observeRequests(metrics: Metrics, log: Logger) {
  return ({ route, method, status, seconds, requestId }: RequestObservation): void => {
    metrics.httpDuration.observe({ route, method, status: String(status) }, seconds);
    log.info({ requestId, method, route, status, ms: Math.round(seconds * 10_000) / 10 }, "request");
  };
}
