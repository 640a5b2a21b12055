import { api, type SessionInfo } from "../lib/api";
import { setCsrf } from "../lib/request";

/**
 * The browser session as the server describes it: whether a token is needed and given, the model
 * service, the session's own OpenAI key (its last four characters only) and the upload limit.
 */
export type Session = Omit<SessionInfo, "csrf">;

export const session: Session = {
  authRequired: false,
  authenticated: false,
  hasApiKey: false,
  llm: { configured: false, model: "" },
  maxUploadBytes: 0,
};

const listeners = new Set<() => void>();
/** Called after every change, e.g. to redraw what depends on whether a model is available. */
export const onSessionChange = (listener: () => void) => listeners.add(listener);

export function updateSession(change: Partial<Session>): void {
  Object.assign(session, change);
  for (const listener of listeners) listener();
}

export async function loadSession(): Promise<void> {
  const { csrf, ...rest } = await api.session();
  setCsrf(csrf);
  updateSession({ apiKeyLast4: undefined, ...rest });
}

export const needsSignIn = () => session.authRequired && !session.authenticated;
/** Prompt analyzers run with the server's model service or the session's own key. */
export const llmAvailable = () => session.llm.configured || session.hasApiKey;
