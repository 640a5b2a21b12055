/**
 * The server's JSON API as the page uses it: same-origin credentials, the session's CSRF token on
 * every request that changes state, and `{ok:false, error}` answers turned into ApiError.
 */
let csrfToken = "";

export function setCsrf(token) {
  csrfToken = token ?? "";
}

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** `json` is sent as a JSON body, `form` (FormData) as multipart. Resolves to the parsed answer. */
export async function api(path, { method = "GET", json, form, signal } = {}) {
  const headers = { Accept: "application/json" };
  if (UNSAFE.has(method)) headers["X-CSRF-Token"] = csrfToken;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body, credentials: "same-origin", signal });
  } catch (e) {
    if (e?.name === "AbortError") throw e;
    throw new ApiError("network", "The server could not be reached. Check the connection and try again.", 0);
  }
  let data = null;
  if ((res.headers.get("content-type") ?? "").includes("json")) data = await res.json().catch(() => null);
  if (res.ok && data && data.ok !== false) return data;
  const error = data?.error;
  const apiError = new ApiError(
    error?.code ?? `http_${res.status}`,
    error?.message ?? `The server answered ${res.status} ${res.statusText || ""}`.trim(),
    res.status,
  );
  if (res.status === 401) window.dispatchEvent(new CustomEvent("ta:unauthorized", { detail: apiError }));
  throw apiError;
}

/** A message fit to show a person: the server's own words, never a dump of the answer. */
export function errorText(e) {
  if (e instanceof ApiError) return e.message;
  return "Something went wrong in the page. Reload and try again.";
}
