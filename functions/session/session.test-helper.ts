/**
 * Test-only: a browser-like session made through GET /api/session, for the tests of functions
 * that read the session cookie and its CSRF token.
 */
import type { FunctionDeps } from "../shared/deps";
import session from "./index";

export interface TestSession {
  /** `ta_session=…`, as a browser would send it back. */
  cookie: string;
  csrf: string;
  /** The session's id, to look it up in the session store. */
  id: string;
  /** The cookie and the CSRF token, plus any other headers. */
  headers(extra?: Record<string, string>): Record<string, string>;
}

export const cookieOf = (res: Response): string | undefined => res.headers.get("set-cookie")?.split(";")[0];

export async function openSession(deps: FunctionDeps): Promise<TestSession> {
  const res = await session(deps).request("/api/session");
  const cookie = cookieOf(res);
  if (!cookie) throw new Error(`GET /api/session set no cookie (status ${res.status})`);
  const { csrf } = (await res.json()) as { csrf: string };
  return testSession(deps, cookie, csrf);
}

/** A session signed in with an API token (the server must have API_TOKENS set). */
export async function signedInSession(deps: FunctionDeps, token: string): Promise<TestSession> {
  const first = await openSession(deps);
  const res = await session(deps).request("/api/session", {
    method: "POST",
    headers: first.headers({ "content-type": "application/json" }),
    body: JSON.stringify({ token }),
  });
  const cookie = cookieOf(res);
  if (res.status !== 200 || !cookie) throw new Error(`sign-in failed with status ${res.status}`);
  const { csrf } = (await res.json()) as { csrf: string };
  return testSession(deps, cookie, csrf);
}

function testSession(deps: FunctionDeps, cookie: string, csrf: string): TestSession {
  const id = deps.secrets.unsign(decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1)));
  if (!id) throw new Error("the session cookie does not carry a valid signature");
  return { cookie, csrf, id, headers: (extra = {}) => ({ cookie, "x-csrf-token": csrf, ...extra }) };
}
