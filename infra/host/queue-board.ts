import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Queue } from "bullmq";
import type { Context, Hono, MiddlewareHandler } from "hono";
import { AppError } from "../../core/errors";
import type { SessionData } from "../../core/ports";
import { errorResponse } from "../../functions/shared/errors";
import { isValidToken } from "../../functions/shared/session";

export const QUEUE_BOARD_PATH = "/admin/queues";

/** bull-board's UI and API over the BullMQ queues, for operators: see, retry and clean tasks. */
export function createQueueBoard(queues: readonly Queue[]): Hono {
  const adapter = new HonoAdapter(serveStatic).setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: "Transcript queues" } },
  });
  return adapter.registerPlugin();
}

export interface QueueBoardAuth {
  /** API_TOKENS; empty = open mode, where only this machine may use the board. */
  apiTokens: readonly string[];
  /** The request's signed-in session (the web UI's cookie), if any. */
  session: (c: Context) => Promise<SessionData | null>;
  clientAddress: (c: Context) => string | undefined;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Who may use the board, which can retry and delete tasks: with API_TOKENS, a valid Bearer token or
 * a signed-in session; without, only a caller on this machine (whatever HOST says). Changes made
 * with the cookie or in open mode must come from the board's own page, not another site.
 */
export function queueBoardGuard(auth: QueueBoardAuth): MiddlewareHandler {
  return async function queueBoardGuard(c, next) {
    const denied = await check(c, auth);
    if (denied) return errorResponse(c, denied);
    await next();
    c.header("X-Frame-Options", "DENY");
    c.header("Cache-Control", "no-store");
  };
}

async function check(c: Context, auth: QueueBoardAuth): Promise<AppError | null> {
  const header = c.req.header("authorization");
  const bearer = header?.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : undefined;
  if (auth.apiTokens.length > 0) {
    if (bearer !== undefined) {
      return isValidToken(bearer, auth.apiTokens)
        ? null
        : new AppError("unauthorized", "That API token is not valid.");
    }
    if (!(await auth.session(c))?.authenticated) {
      return new AppError(
        "unauthorized",
        "The queue dashboard needs an API token: send Authorization: Bearer <token>, or sign in through the web UI first.",
      );
    }
  } else if (!LOOPBACK.has(auth.clientAddress(c) ?? "")) {
    return new AppError(
      "forbidden",
      "Without API_TOKENS the queue dashboard answers only on this machine; set API_TOKENS to use it over the network.",
    );
  }
  return UNSAFE.has(c.req.method) && crossSite(c)
    ? new AppError("forbidden", "Changes to the queues must come from the dashboard's own page.")
    : null;
}

/** A browser request sent by another site (the cookie or loopback alone must not authorize it). */
function crossSite(c: Context): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = c.req.header("origin");
  if (!origin) return false;
  try {
    return new URL(origin).host !== new URL(c.req.url).host;
  } catch {
    return true;
  }
}

/** The board (its routes relative to QUEUE_BOARD_PATH) on the host's router, behind the guard. */
export function mountQueueBoard(root: Hono, board: Hono, auth: QueueBoardAuth): void {
  const guard = queueBoardGuard(auth);
  root.use(QUEUE_BOARD_PATH, guard);
  root.use(`${QUEUE_BOARD_PATH}/*`, guard);
  root.route(QUEUE_BOARD_PATH, board);
}
