import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { SessionData } from "../../core/ports";
import type { FunctionDeps } from "./deps";
import type { AppEnv, Principal } from "./env";

export const SESSION_COOKIE = "ta_session";

export type { Principal } from "./env";

/** The session named by the request's signed cookie, if it is valid and still stored. */
export async function readSession(c: Context, deps: FunctionDeps): Promise<SessionData | null> {
  const raw = getCookie(c, SESSION_COOKIE);
  if (!raw) return null;
  const id = deps.secrets.unsign(raw);
  return id ? deps.sessions.get(id) : null;
}

/** The request's session, made (and its cookie set) when there is none yet. */
export async function ensureSession(c: Context<AppEnv>, deps: FunctionDeps): Promise<SessionData> {
  const existing = c.get("session");
  if (existing) return existing;
  const session: SessionData = {
    id: randomBytes(18).toString("base64url"),
    createdAt: new Date().toISOString(),
    csrf: randomBytes(18).toString("base64url"),
  };
  await deps.sessions.set(session, deps.config.sessionTtlSeconds);
  setCookie(c, SESSION_COOKIE, deps.secrets.sign(session.id), {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    maxAge: deps.config.sessionTtlSeconds,
    secure: new URL(c.req.url).protocol === "https:",
  });
  c.set("session", session);
  return session;
}

export async function saveSession(session: SessionData, deps: FunctionDeps): Promise<void> {
  await deps.sessions.set(session, deps.config.sessionTtlSeconds);
}

/** A token's owner id: a short hash, so logs and job records never hold the token. */
export const tokenOwner = (token: string) =>
  `token:${createHash("sha256").update(token).digest("hex").slice(0, 16)}`;

/** Constant-time membership test of a presented token. */
export function isValidToken(presented: string, tokens: readonly string[]): boolean {
  const p = createHash("sha256").update(presented).digest();
  let found = false;
  for (const t of tokens) if (timingSafeEqual(p, createHash("sha256").update(t).digest())) found = true;
  return found;
}

/**
 * What the web UI needs to know about its session; never the key itself. The server's limits
 * travel with it, so the page checks a file against the limit this server enforces.
 */
export function describeSession(session: SessionData, principal: Principal, deps: FunctionDeps) {
  return {
    authRequired: deps.config.auth.tokens.length > 0,
    authenticated: principal.authenticated,
    csrf: session.csrf,
    hasApiKey: session.encryptedApiKey !== undefined,
    ...(session.apiKeyLast4 ? { apiKeyLast4: session.apiKeyLast4 } : {}),
    llm: { configured: deps.config.llm.configured, model: deps.config.llm.model },
    maxUploadBytes: deps.config.maxUploadBytes,
  };
}
export type SessionInfo = ReturnType<typeof describeSession>;

/** Whether a session has its own API key, and the key's last four characters when it has them. */
export interface KeyState {
  hasKey: boolean;
  last4?: string;
}
export type SavedKey = KeyState & { hasKey: true; validated: boolean };

export function keyState(session: SessionData | null): KeyState {
  if (!session?.encryptedApiKey) return { hasKey: false };
  return { hasKey: true, ...(session.apiKeyLast4 ? { last4: session.apiKeyLast4 } : {}) };
}
