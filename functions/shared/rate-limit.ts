import type { Context } from "hono";
import { AppError } from "../../core/errors";
import type { FunctionDeps } from "./deps";
import type { AppEnv } from "./env";

/**
 * Analyses per caller per hour (`RATE_LIMIT_PER_HOUR`; 0 = off), counted for the owner and for
 * the client address (`RATE_LIMIT_PER_HOUR_PER_ADDRESS`), so minting sessions gains nothing: 429
 * with `Retry-After` past either.
 */
export async function limitAnalyses(c: Context<AppEnv>, deps: FunctionDeps): Promise<void> {
  const { ratePerHour, ratePerHourPerAddress } = deps.config.auth;
  const address = deps.clientAddress?.(c) ?? "unknown";
  const owner = c.get("principal").owner;
  const counts: Array<[key: string, limit: number]> = [];
  if (ratePerHour > 0 && owner !== "open") counts.push([`analyze:${owner}`, ratePerHour]);
  if (ratePerHourPerAddress > 0) counts.push([`analyze-ip:${address}`, ratePerHourPerAddress]);
  for (const [key, perHour] of counts) {
    const limit = await deps.limiter.hit(key, perHour, 3600);
    if (!limit.allowed) {
      c.header("Retry-After", String(limit.resetSeconds));
      throw new AppError(
        "rate_limited",
        `At most ${perHour} analyses an hour${key.startsWith("analyze-ip:") ? " from one address" : ""}; try again in ${Math.ceil(limit.resetSeconds / 60)} minutes.`,
      );
    }
  }
}
