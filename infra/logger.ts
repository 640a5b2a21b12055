import pino from "pino";
import type { Logger } from "../functions/shared/deps";

/** Paths that may hold a secret anywhere in a logged object; pino replaces them before writing. */
export const REDACT_PATHS = [
  "apiKey",
  "*.apiKey",
  "encryptedApiKey",
  "*.encryptedApiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  "OPENAI_API_KEY",
  "*.OPENAI_API_KEY",
  "SESSION_SECRET",
  "*.SESSION_SECRET",
  "token",
  "*.token",
  "transcriptText",
  "*.transcriptText",
];

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
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
