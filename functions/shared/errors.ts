import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type AppError, type ErrorCode, isAppError, toAppError } from "../../core/errors";

/** The one place where an error code becomes an HTTP status. */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  empty_transcript: 400,
  binary_content: 415,
  invalid_encoding: 400,
  too_large: 413,
  unsupported_format: 415,
  malformed_vtt: 400,
  malformed_srt: 400,
  malformed_json: 400,
  malformed_docx: 400,
  invalid_request: 400,
  template_error: 400,
  job_not_found: 404,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  conflict: 409,
  cancelled: 409,
  step_timeout: 422,
  store_unavailable: 503,
  llm_rate_limited: 429,
  llm_auth: 502,
  llm_bad_request: 502,
  llm_timeout: 504,
  llm_truncated: 502,
  llm_server_error: 502,
  llm_connection: 502,
  llm_invalid_output: 502,
  llm_not_configured: 503,
  llm_context_exceeded: 502,
  llm_input_truncated: 502,
  internal: 500,
};

export const statusOf = (code: ErrorCode): ContentfulStatusCode => STATUS[code] ?? 500;

/** `{ok: false, error: {code, message}}` with the status its code maps to; never a stack trace. */
export function errorResponse(c: Context, e: unknown, headers: Record<string, string> = {}): Response {
  const error: AppError = isAppError(e) ? e : toAppError(e);
  const body: { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } } = {
    ok: false,
    error: { code: error.code, message: error.message },
  };
  if (error.details && error.code !== "internal") body.error.details = error.details;
  return c.json(body, statusOf(error.code), headers);
}
