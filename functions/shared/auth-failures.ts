import type { Context } from "hono";
import { AppError } from "../../core/errors";
import type { FunctionDeps } from "./deps";

/** Wrong tokens (header or sign-in) allowed per client address per window before every attempt gets 429. */
export const AUTH_FAILURES = 10;
export const AUTH_FAILURE_WINDOW_SECONDS = 60;

const keyOf = (address: string) => `auth-fail:${address}`;
const addressOf = (c: Context, deps: Pick<FunctionDeps, "clientAddress">) =>
  deps.clientAddress?.(c) ?? "unknown";

/**
 * Refuses every token from an address that guessed wrong too often, the right one included: a
 * lockout that let a correct guess through would not slow guessing at all.
 */
export async function refuseWhileLockedOut(
  c: Context,
  deps: Pick<FunctionDeps, "limiter" | "clientAddress">,
): Promise<void> {
  const limit = await deps.limiter.peek(keyOf(addressOf(c, deps)), AUTH_FAILURE_WINDOW_SECONDS);
  if (limit.count >= AUTH_FAILURES) throw lockedOut(c, limit.resetSeconds);
}

/** Counts one wrong token from the caller's address; the answer is 429 once the address is over the limit. */
export async function countAuthFailure(
  c: Context,
  deps: Pick<FunctionDeps, "limiter" | "clientAddress" | "log">,
  what: string,
): Promise<AppError> {
  const address = addressOf(c, deps);
  const limit = await deps.limiter.hit(keyOf(address), AUTH_FAILURES, AUTH_FAILURE_WINDOW_SECONDS);
  deps.log.warn({ address, requestId: c.get("requestId") }, `${what} with a wrong token`);
  return limit.allowed
    ? new AppError("unauthorized", "That token is not valid.")
    : lockedOut(c, limit.resetSeconds);
}

function lockedOut(c: Context, resetSeconds: number): AppError {
  c.header("Retry-After", String(resetSeconds));
  return new AppError(
    "rate_limited",
    `Too many wrong tokens from this address; try again in ${resetSeconds} seconds.`,
  );
}
