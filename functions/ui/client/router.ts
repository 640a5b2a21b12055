import { $, $$ } from "./lib/dom";

/** A view of the page: its section (`#view-<name>`), the hash paths it answers, and how to show it. */
export interface Route {
  view: string;
  /** The captured parts of a matching path (after `#/`), or null. */
  match: (path: string) => string[] | null;
  show: (parts: string[]) => void;
  /** Called when the page moves to another view. */
  leave?: () => void;
}

const sectionOf = (view: string) => $(`#view-${view}`);

/**
 * Routes between the views by the URL hash (`#/`, `#/history`, `#/jobs/<id>`). The last route is
 * the fallback for any other path. In-page anchors (the skip link, a citation) are not routes.
 */
export function startRouter(routes: readonly Route[], views: readonly string[]) {
  let first = true;
  let active: Route | null = null;

  const showView = (name: string) => {
    for (const view of views) sectionOf(view).hidden = view !== name;
    for (const link of $$("[data-nav]")) {
      if (link.dataset.nav === name) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    if (!first) $<HTMLElement>(`#view-${name} h1`).focus();
    first = false;
  };

  const route = () => {
    const path = location.hash.replace(/^#\/?/, "");
    const shown = views.some((view) => !sectionOf(view).hidden);
    if (shown && (path.startsWith("seg-") || path === "main")) return;
    const fallback = routes.at(-1)!;
    let target = fallback;
    let parts: string[] = [];
    for (const r of routes) {
      const m = r.match(path);
      if (m) {
        target = r;
        parts = m;
        break;
      }
    }
    if (active && active !== target) active.leave?.();
    active = target;
    showView(target.view);
    target.show(parts);
  };

  window.addEventListener("hashchange", route);
  route();
  return { route };
}

/** A route's `match` for a fixed path or a pattern with groups. */
export const path = (pattern: RegExp) => (p: string) => {
  const m = pattern.exec(p);
  return m ? m.slice(1) : null;
};
