import type { SessionData } from "../../core/ports";

/** Who is calling: a bearer token, a signed-in session, or anyone (open mode). */
export interface Principal {
  kind: "token" | "session" | "open";
  /** A stable id for rate limits and job ownership; never the token itself. */
  owner: string;
  authenticated: boolean;
}

/** The Hono environment every function's app shares. */
export type AppEnv = {
  Variables: {
    requestId: string;
    session: SessionData | null;
    principal: Principal;
  };
};
