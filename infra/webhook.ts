import type { JobDocument } from "../core/jobs/job";
import { webhookSignature } from "../core/security/secret-box";
import type { Logger } from "../functions/shared/deps";
import type { Config } from "./config";

export interface WebhookOptions {
  url: string;
  secret: string;
  attempts?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * POSTs a job's outcome to `NOTIFY_WEBHOOK_URL`, signed `X-Signature-256: sha256=<hmac>` over the
 * exact body, retried with backoff on network errors and 5xx/429. A failure is logged, never thrown:
 * the job is done either way.
 */
export function createWebhookNotifier(
  options: WebhookOptions,
  log: Logger,
): (doc: JobDocument) => Promise<void> {
  const attempts = options.attempts ?? 4;
  const send = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  return async (doc) => {
    const body = JSON.stringify({
      event:
        doc.status === "completed"
          ? "job.completed"
          : doc.status === "cancelled"
            ? "job.cancelled"
            : "job.error",
      jobId: doc.jobId,
      status: doc.status,
      createdAt: doc.createdAt,
      finishedAt: doc.finishedAt,
      totals: doc.totals,
      errors: doc.errors.length,
      statusUrl: `/api/status/${doc.jobId}`,
    });
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await send(options.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-signature-256": webhookSignature(options.secret, body),
            "x-transcript-analyzer-event": "job.finished",
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        if (res.ok) return;
        if (res.status < 500 && res.status !== 429) {
          log.warn(
            { jobId: doc.jobId, status: res.status },
            "webhook refused the notification; not retrying",
          );
          return;
        }
        log.warn({ jobId: doc.jobId, status: res.status, attempt }, "webhook failed");
      } catch (e) {
        log.warn({ jobId: doc.jobId, attempt, err: (e as Error).message }, "webhook unreachable");
      }
      if (attempt < attempts) await sleep(500 * 2 ** (attempt - 1));
    }
    log.error({ jobId: doc.jobId }, "webhook gave up");
  };
}

/** The completion webhook a deployment configured, if any (signed with its secret, else SESSION_SECRET). */
export function webhookFromConfig(
  config: Config,
  log: Logger,
): ((doc: JobDocument) => Promise<void>) | undefined {
  if (!config.webhook.url) return undefined;
  return createWebhookNotifier(
    { url: config.webhook.url, secret: config.webhook.secret ?? config.auth.sessionSecret ?? "" },
    log,
  );
}
