/**
 * The few error classes of the project. Each carries a stable `code` that callers match on
 * (never the message); HTTP status is mapped from the code in one place, in functions/shared.
 */

export type InputErrorCode =
  | "empty_transcript"
  | "binary_content"
  | "invalid_encoding"
  | "too_large"
  | "unsupported_format"
  | "malformed_vtt"
  | "malformed_srt"
  | "malformed_json"
  | "malformed_docx"
  | "invalid_request";

export type LlmErrorCode =
  | "llm_rate_limited"
  | "llm_auth"
  | "llm_bad_request"
  | "llm_timeout"
  | "llm_truncated"
  | "llm_server_error"
  | "llm_connection"
  | "llm_invalid_output"
  | "llm_not_configured"
  /** The input is longer than the model's context and the server refused it. */
  | "llm_context_exceeded"
  /** The server cut the input without an error (its usage says it read far less than was sent). */
  | "llm_input_truncated";

export type ErrorCode =
  | InputErrorCode
  | LlmErrorCode
  | "template_error"
  | "job_not_found"
  | "not_found"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "conflict"
  | "cancelled"
  /** A CPU-heavy step (parsing, computed analyses, an export) ran past its time bound. */
  | "step_timeout"
  | "store_unavailable"
  | "internal";

export interface AppErrorOptions {
  cause?: unknown;
  /** Where in the input it broke, e.g. `{ line: 12 }` or `{ path: "segments[3].start" }`. */
  details?: Record<string, unknown>;
}

/** A global brand, so errors are recognized across separately bundled functions and the host. */
const APP_ERROR = Symbol.for("transcript-analyzer.AppError");

export class AppError extends Error {
  readonly [APP_ERROR] = true;
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }

  /** The shape every answer and CLI error uses: `{code, message}`, never a stack. */
  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/** Bad input from a person: a transcript that cannot be read, a request that does not validate. */
export class InputError extends AppError {
  constructor(code: InputErrorCode, message: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** A failed LLM call. `retryable` says whether the same call may succeed later. */
export class LlmError extends AppError {
  readonly retryable: boolean;
  /** Set on 429 when the service said how long to wait. */
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(
    code: LlmErrorCode,
    message: string,
    options: AppErrorOptions & { retryable: boolean; retryAfterMs?: number; status?: number },
  ) {
    super(code, message, options);
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

/** A prompt template that cannot be rendered: unknown or missing variable, bad front matter. */
export class TemplateError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super("template_error", message, options);
  }
}

export const isAppError = (e: unknown): e is AppError =>
  typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[APP_ERROR] === true;

/** Any thrown value as an AppError; unknown failures become `internal` with a generic message. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return new AppError("internal", "Something went wrong on our side; the error was logged.", { cause: e });
}

/** The one way to say a job is unknown or gone (job state expires after its TTL). */
export const jobNotFound = (jobId: string): AppError =>
  new AppError("job_not_found", `No job ${jobId}; it may have expired.`);
