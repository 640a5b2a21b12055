import type { SessionData } from "../../core/ports";

/**
 * Who is calling: a bearer token, a signed-in session, anyone (open mode), or, with tokens
 * required, someone holding only a share link (owner "", which owns no job).
 */
export interface Principal {
  kind: "token" | "session" | "open" | "share";
  /**
   * Whose jobs these are: a token's fingerprint (whichever client signs in with it), a browser
   * session in open mode, or `open` for the one user of a shared open-mode install. Never the token.
   */
  owner: string;
  authenticated: boolean;
  /** May change what every user gets: global prompts, custom-analyzer deletion, the queue board. */
  operator: boolean;
}

/** The Hono environment every function's app shares. */
export type AppEnv = {
  Variables: {
    requestId: string;
    session: SessionData | null;
    principal: Principal;
  };
};
