import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { AppError, InputError, isAppError } from "../../core/errors";
import { isShareToken } from "../../core/jobs/share-link";
import type { SessionData } from "../../core/ports";
import { countAuthFailure, refuseWhileLockedOut } from "./auth-failures";
import type { FunctionDeps } from "./deps";
import type { AppEnv, Principal } from "./env";
import { errorResponse } from "./errors";
import { HOST_REFUSED, hostAllowed } from "./hosts";
import { SHARE_HEADER, SHARE_QUERY } from "./job-access";
import { isValidToken, readSession, sessionOwner, tokenOwner } from "./session";

export type { AppEnv } from "./env";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Paths anyone may call even when tokens are required. */
/** The reads a share link opens without a token: the routes that name one job and only read it. */
const SHARE_READS = [
  /^\/api\/(status|results|insights)\/[^/]+$/,
  /^\/api\/jobs\/[^/]+\/(events|export)$/,
  /^\/api\/(job-file|ws)$/,
];
const PUBLIC = [/^\/health$/, /^\/api\/health$/, /^\/api\/session$/, /^\/$/, /^\/assets\//, /^\/metrics$/];

export interface AppOptions {
  /** Largest request body; JSON functions keep the default, uploads raise it. */
  maxBodyBytes?: number;
}

/**
 * A function's Hono app with the shared middleware, in order: request id, the Host check of open
 * mode, security headers, CORS (only the configured origins), body limit, session, authentication
 * and CSRF, errors as `{ok:false, error:{code,message}}`.
 */
export function createApp(deps: FunctionDeps, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId({ limitLength: 100 }));
  app.use(async (c, next) => {
    if (!hostAllowed(c.req.url, deps.config.auth)) throw new AppError("forbidden", HOST_REFUSED);
    await next();
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginResourcePolicy: "same-origin",
    }),
  );
  if (deps.config.auth.corsOrigins.length > 0) {
    app.use(
      "/api/*",
      cors({
        origin: deps.config.auth.corsOrigins,
        allowHeaders: ["Authorization", "Content-Type", "X-CSRF-Token", "Last-Event-ID"],
        credentials: false,
        maxAge: 600,
      }),
    );
  }
  app.use(
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 12 * 1024 * 1024 + 64 * 1024,
      onError: () => {
        throw new InputError("too_large", "The request body is over the size limit.");
      },
    }),
  );
  app.use(async (c, next) => {
    c.set("session", await readSession(c, deps));
    c.set("principal", await authenticate(c, c.get("session"), deps));
    await next();
  });
  app.onError((e, c) => {
    const error = fromHttpException(e);
    if (!isAppError(error))
      deps.log.error({ err: e, requestId: c.get("requestId"), path: c.req.path }, "request failed");
    return errorResponse(c, error);
  });
  app.notFound((c) => errorResponse(c, new AppError("not_found", `No route ${c.req.method} ${c.req.path}.`)));
  return app;
}

/**
 * Bearer token, else a signed-in session, else open mode when no tokens are configured. A request
 * that rides on the session cookie and changes state must echo the session's CSRF token. Wrong
 * tokens are counted per client address, and an address over the limit gets 429 for any token.
 */
async function authenticate(
  c: Context<AppEnv>,
  session: SessionData | null,
  deps: FunctionDeps,
): Promise<Principal> {
  const request = c.req.raw;
  const path = new URL(request.url).pathname;
  const header = request.headers.get("authorization");
  const { tokens, adminTokens, openSharedHistory } = deps.config.auth;
  if (header?.toLowerCase().startsWith("bearer ") && tokens.length > 0) {
    const token = header.slice(7).trim();
    await refuseWhileLockedOut(c, deps);
    if (!isValidToken(token, tokens)) throw await countAuthFailure(c, deps, "API request");
    return {
      kind: "token",
      owner: tokenOwner(token),
      authenticated: true,
      operator: adminTokens.length > 0 && isValidToken(token, adminTokens),
    };
  }
  if (session && UNSAFE.has(request.method) && request.headers.get("x-csrf-token") !== session.csrf) {
    throw new AppError(
      "forbidden",
      "This request uses the session cookie but lacks its X-CSRF-Token header; reload the page and try again.",
    );
  }
  if (tokens.length === 0) {
    // One user (shared history) owns everything and runs the install; else each browser session is its own.
    return {
      kind: session ? "session" : "open",
      owner: openSharedHistory || !session ? "open" : sessionOwner(session),
      authenticated: false,
      operator: openSharedHistory,
    };
  }
  if (session?.authenticated)
    return {
      kind: "session",
      owner: session.owner ?? sessionOwner(session),
      authenticated: true,
      operator: session.operator === true,
    };
  if (PUBLIC.some((p) => p.test(path)))
    return { kind: "open", owner: "open", authenticated: false, operator: false };
  // A read with a share link needs no token: the link is the permission, and authorizeJob checks
  // it is one of this job's. The caller owns nothing, so it opens nothing else.
  const share = new URL(request.url).searchParams.get(SHARE_QUERY) ?? request.headers.get(SHARE_HEADER);
  if (request.method === "GET" && isShareToken(share) && SHARE_READS.some((p) => p.test(path)))
    return { kind: "share", owner: "", authenticated: false, operator: false };
  throw new AppError(
    "unauthorized",
    "This server needs an API token: send Authorization: Bearer <token>, or sign in through the web UI.",
  );
}

/** Refuses a caller without the operator role, saying how to get it. */
export function requireOperator(principal: Principal, what: string): void {
  if (principal.operator) return;
  throw new AppError(
    "forbidden",
    `${what} changes it for every user, so it needs an operator: an ADMIN_TOKENS token (or, without API tokens, a single-user install with OPEN_MODE_SHARED_HISTORY=true).`,
  );
}

/**
 * Guards routes that delete or reset: with tokens configured the caller must be authenticated;
 * in open mode (loopback only) the explicit confirmation suffices. Both need `confirm` to match.
 */
export function requireDestructive(
  principal: Principal,
  deps: FunctionDeps,
  confirm: unknown,
  expected: string,
): void {
  if (deps.config.auth.tokens.length > 0 && !principal.authenticated) {
    throw new AppError("unauthorized", "Deleting or resetting needs an authenticated caller.");
  }
  if (confirm !== expected) {
    throw new InputError(
      "invalid_request",
      `This deletes or resets data: send {"confirm": "${expected}"} to go ahead.`,
    );
  }
}

/** Hono's own 4xx (malformed JSON, bad content type) in this project's error shape. */
function fromHttpException(e: unknown): unknown {
  if (!(e instanceof HTTPException)) return e;
  if (e.status === 413) return new InputError("too_large", "The request body is over the size limit.");
  if (e.status === 401) return new AppError("unauthorized", e.message || "Not authorized.");
  if (e.status >= 400 && e.status < 500) {
    const message = /malformed json/i.test(e.message)
      ? "The request body is not valid JSON."
      : e.message || "Bad request.";
    return new InputError("invalid_request", message);
  }
  return e;
}
