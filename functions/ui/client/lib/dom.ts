/**
 * Builds DOM nodes without HTML strings: children that are not nodes become text nodes, so text
 * from a transcript, a model or the server is always shown as text.
 */

export type Child = Node | string | number | null | undefined | false | readonly Child[];
/** Attributes; `class`, `dataset`, `style`, `on<event>` handlers and a few properties are special. */
export type Props = Record<string, unknown> | null;

const PROPERTIES = new Set(["checked", "value", "disabled", "hidden", "open"]);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style")
      for (const [p, v] of Object.entries(value as object)) el.style.setProperty(p, String(v));
    else if (key.startsWith("on") && typeof value === "function")
      el.addEventListener(key.slice(2), value as EventListener);
    else if (PROPERTIES.has(key)) Object.assign(el, { [key]: value });
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  return append(el, children);
}

/** Appends children (nested arrays allowed); null, undefined and false are skipped. */
export function append<E extends Element>(el: E, children: Child): E {
  if (children === null || children === undefined || children === false) return el;
  if (Array.isArray(children)) for (const child of children as readonly Child[]) append(el, child);
  else el.append(children instanceof Node ? children : String(children));
  return el;
}

/** Replaces an element's content; `children` as for h(). */
export function fill<E extends Element>(el: E, ...children: Child[]): E {
  el.replaceChildren();
  return append(el, children);
}

/** The page's element for `selector`; the page always has it, so a miss is a bug worth an error. */
export function $<E extends Element = HTMLElement>(selector: string, root: ParentNode = document): E {
  const el = root.querySelector<E>(selector);
  if (!el) throw new Error(`The page has no ${selector}.`);
  return el;
}
export const $$ = <E extends Element = HTMLElement>(selector: string, root: ParentNode = document) => [
  ...root.querySelectorAll<E>(selector),
];

/** Says something to screen readers through the page's polite live region. */
export function announce(message: string): void {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  // A change on the next frame is announced even when the text repeats.
  requestAnimationFrame(() => {
    region.textContent = message;
  });
}

export const prefersReducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;

/** A column of a table: its label, right-aligned when it holds numbers. */
export type Column = string | readonly [label: string, kind: "num"];

/** A table in its scrolling wrapper. */
export function table(className: string, columns: readonly Column[], ...bodies: Child[]): HTMLElement {
  const head = columns.map((column) => {
    const [label, kind] = typeof column === "string" ? [column] : column;
    return h("th", { scope: "col", class: kind === "num" ? "num" : null }, label);
  });
  return h(
    "div",
    { class: "table-wrap" },
    h("table", { class: className }, h("thead", null, h("tr", null, head)), bodies),
  );
}
