import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Queue } from "bullmq";
import type { Context, Hono, MiddlewareHandler } from "hono";
import type { Config } from "../../core/config";
import { AppError } from "../../core/errors";
import type { SessionData } from "../../core/ports";
import { errorResponse } from "../../functions/shared/errors";
import { hostAllowed } from "../../functions/shared/hosts";
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
  /** Tokens, operator tokens, open-mode settings and allowed hosts. */
  auth: Pick<Config["auth"], "tokens" | "adminTokens" | "openSharedHistory" | "allowedHosts">;
  /** The request's signed-in session (the web UI's cookie), if any. */
  session: (c: Context) => Promise<SessionData | null>;
  clientAddress: (c: Context) => string | undefined;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Who may use the board, which shows every owner's tasks and can retry and delete them: operators
 * only. With API tokens, an ADMIN_TOKENS token (Bearer, or a session signed in with one); without,
 * a caller on this machine, by an allowed Host name, of a single-user install
 * (OPEN_MODE_SHARED_HISTORY). Changes made with the cookie or in open mode must come from the
 * board's own page, not another site.
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

const OPERATORS_ONLY =
  "The queue dashboard shows every user's tasks, so it is for operators: use a token listed in ADMIN_TOKENS.";

async function check(c: Context, { auth, session, clientAddress }: QueueBoardAuth): Promise<AppError | null> {
  const header = c.req.header("authorization");
  const bearer = header?.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : undefined;
  if (auth.tokens.length > 0) {
    if (bearer !== undefined) {
      if (!isValidToken(bearer, auth.tokens))
        return new AppError("unauthorized", "That API token is not valid.");
      if (!isValidToken(bearer, auth.adminTokens)) return new AppError("forbidden", OPERATORS_ONLY);
    } else {
      const signedIn = await session(c);
      if (!signedIn?.authenticated)
        return new AppError(
          "unauthorized",
          "The queue dashboard needs an operator token: send Authorization: Bearer <token>, or sign in through the web UI first.",
        );
      if (!signedIn.operator) return new AppError("forbidden", OPERATORS_ONLY);
    }
  } else {
    if (!LOOPBACK.has(clientAddress(c) ?? "") || !hostAllowed(c.req.url, auth))
      return new AppError(
        "forbidden",
        "Without API_TOKENS the queue dashboard answers only on this machine; set API_TOKENS and ADMIN_TOKENS to use it over the network.",
      );
    if (!auth.openSharedHistory)
      return new AppError(
        "forbidden",
        "This open-mode server keeps each browser's jobs apart (OPEN_MODE_SHARED_HISTORY=false), so the dashboard, which shows them all, needs API_TOKENS and an ADMIN_TOKENS token.",
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
