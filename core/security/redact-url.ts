/**
 * A URL fit for a log line or a settings page: its password masked and its query dropped (where
 * keys and `sslpassword` often ride). Anything that does not parse is not shown at all.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    u.search = "";
    return u.toString();
  } catch {
    return "(unparseable)";
  }
}
