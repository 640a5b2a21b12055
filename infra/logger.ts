import pino from "pino";
import type { Logger } from "../functions/shared/deps";

/**
 * Keys whose values never reach a log line, at any depth, compared without case: secrets, the
 * session's encrypted key, the encrypted credentials a job carries, and transcript text.
 */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  "apikey",
  "api_key",
  "encryptedapikey",
  "credentials",
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "openai_api_key",
  "session_secret",
  "notify_webhook_secret",
  "api_tokens",
  "token",
  "secret",
  "password",
  "transcript",
  "transcripttext",
]);

const CENSOR = "[redacted]";
/**
 * pino skips formatters for a child logger's bindings, so its own redaction covers them, by the
 * spellings this code uses.
 */
const BINDING_PATHS = [
  "apiKey",
  "encryptedApiKey",
  "credentials",
  "authorization",
  "cookie",
  "token",
  "secret",
  "password",
  "transcriptText",
  "OPENAI_API_KEY",
  "SESSION_SECRET",
];
/** Log objects are shallow in practice; below this depth a value is dropped rather than walked. */
const MAX_DEPTH = 8;

/** A copy of `value` with every secret key's value replaced; the caller's object is never changed. */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) {
    return depth >= MAX_DEPTH ? "[too deep]" : value.map((item) => scrubSecrets(item, depth + 1));
  }
  if (!isPlainObject(value)) return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? CENSOR : scrubSecrets(inner, depth + 1);
  }
  return out;
}

// Errors and class instances keep their own shape (pino's err serializer handles errors).
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** pino's error serializer, scrubbed too: an error's own fields (or its cause's) may hold a secret. */
function serializeError(error: unknown): unknown {
  const plain = pino.stdSerializers.err(error as Error);
  try {
    return scrubSecrets(JSON.parse(JSON.stringify(plain)));
  } catch {
    return { type: plain.type, message: plain.message, stack: plain.stack };
  }
}

/** Structured JSON logs with secrets redacted; `name` tells the host (http, worker) apart. */
export function createLogger(
  name: string,
  level: string,
  destination?: pino.DestinationStream,
): Logger & pino.Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      redact: { paths: BINDING_PATHS, censor: CENSOR },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => scrubSecrets(bindings) as Record<string, unknown>,
        log: (object) => scrubSecrets(object) as Record<string, unknown>,
      },
    },
    destination,
  );
}
