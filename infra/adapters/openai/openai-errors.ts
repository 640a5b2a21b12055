import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { AppError, LlmError } from "../../../core/errors";
import { displayUrl } from "./server-profile";

export interface ErrorContext {
  model: string;
  timeoutMs: number;
  /** Where the service is; shown in connection errors (without any credentials in the URL). */
  baseURL: string | undefined;
  /** Removed from any text the service sent back, in case it echoes the key. */
  apiKey: string | undefined;
  now?: () => number;
}

/**
 * Turns whatever the SDK threw into an LlmError with a stable code and a message that says what
 * happened and what to do. Messages never carry the API key.
 */
export function toLlmError(error: unknown, ctx: ErrorContext): LlmError | AppError {
  if (error instanceof LlmError || error instanceof AppError) return error;
  if (error instanceof APIUserAbortError) {
    return new AppError("cancelled", "The LLM call was cancelled before it finished.", { cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmError(
      "llm_timeout",
      `The LLM service did not answer within ${ctx.timeoutMs} ms (model ${ctx.model}). If this keeps happening, raise the LLM timeout or send a shorter input.`,
      { cause: error, retryable: true },
    );
  }
  if (error instanceof APIConnectionError) return connectionError(error, ctx);
  if (error instanceof APIError && typeof error.status === "number") return statusError(error, ctx);
  if (error instanceof SyntaxError) {
    return new LlmError(
      "llm_server_error",
      `The LLM service sent an answer that is not valid JSON (model ${ctx.model}); a proxy or gateway in between may have failed.`,
      { cause: error, retryable: true },
    );
  }
  return new LlmError(
    "llm_server_error",
    `The LLM call failed unexpectedly: ${redact(String(error), ctx.apiKey)}`,
    {
      cause: error,
      retryable: false,
    },
  );
}

function connectionError(error: APIConnectionError, ctx: ErrorContext): LlmError {
  const code = causeCode(error);
  const what =
    code === "ECONNREFUSED"
      ? "the connection was refused"
      : code === "ECONNRESET"
        ? "the connection was reset"
        : code === "ENOTFOUND" || code === "EAI_AGAIN"
          ? "the host name could not be resolved"
          : "the connection failed";
  return new LlmError(
    "llm_connection",
    `Could not reach the LLM service at ${displayUrl(ctx.baseURL)}: ${what}. Check OPENAI_BASE_URL and that the service is running and reachable.`,
    { cause: error, retryable: true, details: code ? { cause: code } : undefined },
  );
}

function statusError(error: APIError, ctx: ErrorContext): LlmError {
  const status = error.status as number;
  const said = serviceMessage(error, ctx.apiKey);
  const opts = { cause: error, status };
  if (status === 429) {
    if (error.code === "insufficient_quota") {
      return new LlmError(
        "llm_rate_limited",
        "The LLM account has run out of quota (insufficient_quota). Add credit to the account or use another API key; retrying will not help.",
        { ...opts, retryable: false },
      );
    }
    const retryAfterMs = parseRetryAfter(error.headers, ctx.now ?? Date.now);
    const wait = retryAfterMs === undefined ? "" : ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    return new LlmError(
      "llm_rate_limited",
      `The LLM service is rate-limiting requests for model ${ctx.model} (HTTP 429).${wait} The call is retried; if this persists, run fewer analyzers at once or raise the account's rate limit.`,
      { ...opts, retryable: true, retryAfterMs },
    );
  }
  if (status === 401) {
    return new LlmError(
      "llm_auth",
      "The LLM service rejected the API key (HTTP 401). Check OPENAI_API_KEY or the key saved for your session.",
      { ...opts, retryable: false },
    );
  }
  if (status === 403) {
    return new LlmError(
      "llm_auth",
      `The API key may not use model ${ctx.model} here (HTTP 403)${said}. Check the key's project permissions or choose another model.`,
      { ...opts, retryable: false },
    );
  }
  if ((status === 400 || status === 413 || status === 422) && CONTEXT_EXCEEDED.test(said)) {
    return new LlmError(
      "llm_context_exceeded",
      `The LLM service at ${displayUrl(ctx.baseURL)} refused the input as longer than the context of model ${ctx.model} (HTTP ${status})${said}. Set LLM_CONTEXT_TOKENS to the context size the server really gives this model, so long transcripts are split to fit.`,
      { ...opts, retryable: false },
    );
  }
  if (status === 400 || status === 404 || status === 422) {
    const hint =
      status === 404 ? "Check the model name and OPENAI_BASE_URL." : "Check the model name and options.";
    return new LlmError(
      "llm_bad_request",
      `The LLM service rejected the request for model ${ctx.model} (HTTP ${status})${said}. ${hint}`,
      { ...opts, retryable: false },
    );
  }
  if (status === 408 || status === 409 || status >= 500) {
    return new LlmError(
      "llm_server_error",
      `The LLM service failed on its side (HTTP ${status})${said}. This is usually temporary; the call is retried.`,
      { ...opts, retryable: true },
    );
  }
  return new LlmError("llm_bad_request", `The LLM service answered HTTP ${status}${said}.`, {
    ...opts,
    retryable: false,
  });
}

/** How servers word "the prompt does not fit": OpenAI, vLLM, llama.cpp, LM Studio, TGI. */
const CONTEXT_EXCEEDED =
  /context (length|window|size)|maximum context|exceeds? the (available )?context|too many (input )?tokens|prompt is too long|input (is )?too long|n_ctx/i;

/**
 * `retry-after-ms` (OpenAI's, milliseconds) wins over `retry-after` (seconds, or an HTTP date).
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headers: Headers | undefined,
  now: () => number = Date.now,
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get("retry-after")?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Number(after) * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/** The service's own words, for the message; key-like strings removed. */
function serviceMessage(error: APIError, apiKey: string | undefined): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === "string" ? body.message.trim() : "";
  return text ? `: ${redact(text.slice(0, 300), apiKey)}` : "";
}

export function redact(text: string, apiKey: string | undefined): string {
  let out = apiKey && apiKey.length >= 4 ? text.split(apiKey).join("[redacted]") : text;
  out = out.replace(/\bsk-[A-Za-z0-9_*-]{6,}/g, "sk-[redacted]");
  return out;
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) current = errors[0];
    else current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `finish_reason: length` / `status: incomplete`: a cut-off answer is never passed on as a result. */
export function truncatedError(model: string, maxOutputTokens: number | undefined): LlmError {
  const limit =
    maxOutputTokens === undefined ? "its output limit" : `the output limit of ${maxOutputTokens} tokens`;
  return new LlmError(
    "llm_truncated",
    `The answer of model ${model} was cut off at ${limit} before it was complete. Raise the maximum output tokens, lower the reasoning effort, or send a shorter input.`,
    { retryable: false, details: maxOutputTokens === undefined ? undefined : { maxOutputTokens } },
  );
}

export function refusedError(model: string, refusal: string, apiKey: string | undefined): LlmError {
  return new LlmError(
    "llm_bad_request",
    `Model ${model} refused to answer: ${redact(refusal.slice(0, 300), apiKey)}. Rephrase the instructions or choose another analyzer.`,
    { retryable: false },
  );
}

export function filteredError(model: string): LlmError {
  return new LlmError(
    "llm_bad_request",
    `The answer of model ${model} was stopped by the service's content filter. The transcript or instructions may touch a filtered topic.`,
    { retryable: false },
  );
}

/** An answer without the parts every answer has: treated like a server fault, since a retry may help. */
export function malformedAnswerError(model: string, what: string): LlmError {
  return new LlmError(
    "llm_server_error",
    `The LLM service sent an incomplete answer for model ${model}: ${what}.`,
    {
      retryable: true,
    },
  );
}

/**
 * The service read far fewer input tokens than were sent and said nothing: it cut the input to
 * its context size (Ollama does by default). Analyzing what is left would pass half a meeting off
 * as the whole one.
 */
export function inputTruncatedError(info: {
  server: string;
  model: string;
  sent: number;
  read: number;
}): LlmError {
  const suggest = Math.max(1_024, Math.floor(info.read / 1_024) * 1_024);
  return new LlmError(
    "llm_input_truncated",
    `The LLM service at ${info.server} read only ${info.read} of the ${info.sent} input tokens sent to model ${info.model}: it cut the input without an error. Set LLM_CONTEXT_TOKENS=${suggest} (the context the server really gives this model) so long transcripts are split to fit, or raise the server's context size (Ollama: OLLAMA_CONTEXT_LENGTH or num_ctx).`,
    { retryable: false, details: { sentTokens: info.sent, readTokens: info.read } },
  );
}
