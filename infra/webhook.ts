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

/** The key notifications are signed with: NOTIFY_WEBHOOK_SECRET, else SESSION_SECRET, else none. */
export const webhookSecret = (config: Pick<Config, "webhook" | "auth">): string | undefined =>
  config.webhook.secret || config.auth.sessionSecret || undefined;

/**
 * The completion webhook a deployment configured, if any. Never unsigned: with no key to sign
 * with it is not sent, and the log says once how to set one (a random key nobody knows would
 * let no receiver check anything).
 */
export function webhookFromConfig(
  config: Config,
  log: Logger,
): ((doc: JobDocument) => Promise<void>) | undefined {
  if (!config.webhook.url) return undefined;
  const secret = webhookSecret(config);
  if (!secret) {
    log.error(
      {},
      "NOTIFY_WEBHOOK_URL is set but there is no key to sign notifications with: none will be sent. Set NOTIFY_WEBHOOK_SECRET (e.g. the output of `openssl rand -hex 32`) here and at the receiver, which checks X-Signature-256.",
    );
    return undefined;
  }
  return createWebhookNotifier({ url: config.webhook.url, secret }, log);
}
