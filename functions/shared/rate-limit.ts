import type { Context } from "hono";
import { AppError } from "../../core/errors";
import type { FunctionDeps } from "./deps";
import type { AppEnv } from "./env";

/** Analyses per caller per hour (`RATE_LIMIT_PER_HOUR`; 0 = off): 429 with `Retry-After` past it. */
export async function limitAnalyses(c: Context<AppEnv>, deps: FunctionDeps): Promise<void> {
  const perHour = deps.config.auth.ratePerHour;
  if (perHour <= 0) return;
  const principal = c.get("principal");
  const owner = principal.owner === "open" ? `ip:${deps.clientAddress?.(c) ?? "unknown"}` : principal.owner;
  const limit = await deps.limiter.hit(`analyze:${owner}`, perHour, 3600);
  if (!limit.allowed) {
    c.header("Retry-After", String(limit.resetSeconds));
    throw new AppError(
      "rate_limited",
      `At most ${perHour} analyses an hour; try again in ${Math.ceil(limit.resetSeconds / 60)} minutes.`,
    );
  }
}
