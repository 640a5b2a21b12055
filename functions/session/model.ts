import type { Context } from "hono";
import * as v from "valibot";
import { AppError, InputError } from "../../core/errors";
import type { SessionData } from "../../core/ports";
import type { AppEnv } from "../shared/app";
import type { FunctionDeps } from "../shared/deps";
import { ensureSession, isValidToken, saveSession } from "../shared/session";

export const SignInSchema = v.object(
  { token: v.pipe(v.string("token must be a string"), v.minLength(1, "token is empty")) },
  'send {"token": "<API token>"}',
);

/** Wrong tokens allowed per client address per window before sign-in answers 429. */
export const SIGN_IN_ATTEMPTS = 10;
export const SIGN_IN_WINDOW_SECONDS = 60;

/**
 * Checks a sign-in token, counting attempts per client address. The limiter can only count, so a
 * correct token is counted too: that is what lets it refuse a correct guess once the address is locked out.
 */
export async function checkSignIn(c: Context<AppEnv>, token: string, deps: FunctionDeps): Promise<void> {
  const tokens = deps.config.auth.tokens;
  if (tokens.length === 0)
    throw new InputError(
      "invalid_request",
      "This server has no API tokens configured, so there is nothing to sign in to.",
    );
  const valid = isValidToken(token, tokens);
  const address = deps.clientAddress?.(c) ?? "unknown";
  const limit = await deps.limiter.hit(`sign-in:${address}`, SIGN_IN_ATTEMPTS, SIGN_IN_WINDOW_SECONDS);
  if (!limit.allowed) {
    c.header("Retry-After", String(limit.resetSeconds));
    throw new AppError(
      "rate_limited",
      `Too many sign-in attempts from this address; try again in ${limit.resetSeconds} seconds.`,
    );
  }
  if (!valid) {
    deps.log.warn({ requestId: c.get("requestId"), address }, "sign-in with a wrong token");
    throw new AppError("unauthorized", "That token is not valid.");
  }
}

/**
 * Marks the caller signed in on a fresh session (new id and CSRF token, so a session id known
 * before sign-in is worth nothing after it), keeping the stored API key of the old one.
 */
export async function startSignedInSession(c: Context<AppEnv>, deps: FunctionDeps): Promise<SessionData> {
  const previous = c.get("session");
  c.set("session", null);
  const fresh = await ensureSession(c, deps);
  const session: SessionData = {
    ...fresh,
    authenticated: true,
    ...(previous?.encryptedApiKey ? { encryptedApiKey: previous.encryptedApiKey } : {}),
    ...(previous?.apiKeyLast4 ? { apiKeyLast4: previous.apiKeyLast4 } : {}),
  };
  await saveSession(session, deps);
  if (previous) await deps.sessions.delete(previous.id);
  c.set("session", session);
  return session;
}
