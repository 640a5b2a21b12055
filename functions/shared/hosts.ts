import type { Config } from "../../core/config";

/**
 * Open mode trusts whoever reaches the port, so it answers only to the configured Host names: a
 * page on another site whose name resolves to this machine (DNS rebinding) is turned away. With
 * API tokens the token protects every request and any Host is fine.
 */
export function hostAllowed(url: string, auth: Pick<Config["auth"], "tokens" | "allowedHosts">): boolean {
  if (auth.tokens.length > 0) return true;
  let hostname: string;
  try {
    hostname = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return auth.allowedHosts.includes(hostname);
}

export const HOST_REFUSED =
  "This server answers only to the host names in ALLOWED_HOSTS (by default localhost and 127.0.0.1); open it by one of those, or add the name to ALLOWED_HOSTS.";
