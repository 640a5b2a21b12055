import type { Context } from "hono";
import * as v from "valibot";
import { InputError } from "../../core/errors";
import type { SessionData } from "../../core/ports";
import type { AppEnv } from "../shared/app";
import { countAuthFailure, refuseWhileLockedOut } from "../shared/auth-failures";
import type { FunctionDeps } from "../shared/deps";
import { ensureSession, isValidToken, saveSession, tokenOwner } from "../shared/session";

export const SignInSchema = v.object(
  { token: v.pipe(v.string("token must be a string"), v.minLength(1, "token is empty")) },
  'send {"token": "<API token>"}',
);

/**
 * Checks a sign-in token. Wrong ones count against the client address with the bearer header's,
 * and an address over the limit is refused (429) whatever token it sends next.
 */
export async function checkSignIn(c: Context<AppEnv>, token: string, deps: FunctionDeps): Promise<void> {
  const tokens = deps.config.auth.tokens;
  if (tokens.length === 0)
    throw new InputError(
      "invalid_request",
      "This server has no API tokens configured, so there is nothing to sign in to.",
    );
  await refuseWhileLockedOut(c, deps);
  if (!isValidToken(token, tokens)) throw await countAuthFailure(c, deps, "sign-in");
}

/**
 * Marks the caller signed in on a fresh session (new id and CSRF token, so a session id known
 * before sign-in is worth nothing after it), keeping the stored API key of the old one. The
 * session acts for the token's owner: the same jobs whichever browser signs in with it.
 */
export async function startSignedInSession(
  c: Context<AppEnv>,
  token: string,
  deps: FunctionDeps,
): Promise<SessionData> {
  const previous = c.get("session");
  c.set("session", null);
  const fresh = await ensureSession(c, deps);
  const { adminTokens } = deps.config.auth;
  const session: SessionData = {
    ...fresh,
    authenticated: true,
    owner: tokenOwner(token),
    operator: adminTokens.length > 0 && isValidToken(token, adminTokens),
    ...(previous?.encryptedApiKey ? { encryptedApiKey: previous.encryptedApiKey } : {}),
    ...(previous?.apiKeyLast4 ? { apiKeyLast4: previous.apiKeyLast4 } : {}),
  };
  await saveSession(session, deps);
  if (previous) await deps.sessions.delete(previous.id);
  c.set("session", session);
  return session;
}
