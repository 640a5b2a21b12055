import { readSseStream } from "./sse";

/**
 * The server's JSON API as the page calls it: same-origin credentials, the session's CSRF token
 * on every request that changes state, and `{ok:false, error}` answers turned into ApiError.
 */
let csrfToken = "";
export const setCsrf = (token: string | undefined) => {
  csrfToken = token ?? "";
};

const unauthorized = new Set<() => void>();
/** Called when the server refuses a request for want of a valid session (it has expired). */
export const onUnauthorized = (listener: () => void) => unauthorized.add(listener);

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  /** Sent as a JSON body. */
  json?: unknown;
  /** Sent as multipart. */
  form?: FormData;
  signal?: AbortSignal;
}

interface Failure {
  ok?: false;
  error?: { code?: string; message?: string };
}

/** Resolves to the parsed answer (`{ok: true, ...T}`), or rejects with an ApiError. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = "GET", json, form, signal } = options;
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken;
  let body: BodyInit | undefined;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) body = form;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body ?? null,
      credentials: "same-origin",
      signal: signal ?? null,
    });
  } catch (e) {
    if ((e as Error)?.name === "AbortError") throw e;
    throw new ApiError("network", "The server could not be reached. Check the connection and try again.", 0);
  }
  const data = (res.headers.get("content-type") ?? "").includes("json")
    ? ((await res.json().catch(() => null)) as (T & { ok?: boolean }) | Failure | null)
    : null;
  if (res.ok && data && data.ok !== false) return data as T;
  const error = (data as Failure | null)?.error;
  const apiError = new ApiError(
    error?.code ?? `http_${res.status}`,
    error?.message ?? `The server answered ${res.status} ${res.statusText || ""}`.trim(),
    res.status,
  );
  if (res.status === 401) for (const listener of unauthorized) listener();
  throw apiError;
}

/** A message fit to show a person: the server's own words, never a dump of the answer. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return "Something went wrong in the page. Reload and try again.";
}

/**
 * POSTs JSON and reads the answer as SSE, calling `onEvent` for each record (data parsed). An
 * answer that is not a stream (a refusal: 400, 404) rejects with its ApiError.
 */
export async function postStream(
  path: string,
  json: unknown,
  onEvent: (event: string, data: unknown) => void,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { Accept: "text/event-stream", "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
      body: JSON.stringify(json),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError("network", "The server could not be reached. Check the connection and try again.", 0);
  }
  if (!res.ok || !res.body || !(res.headers.get("content-type") ?? "").includes("event-stream")) {
    const data = (await res.json().catch(() => null)) as Failure | null;
    if (res.status === 401) for (const listener of unauthorized) listener();
    throw new ApiError(
      data?.error?.code ?? `http_${res.status}`,
      data?.error?.message ?? `The server answered ${res.status}`,
      res.status,
    );
  }
  await readSseStream(res.body, (record) => {
    onEvent(record.event, record.data ? JSON.parse(record.data) : null);
    return false;
  });
}
