/**
 * Builds DOM nodes without HTML strings: children that are not nodes become text nodes, so text
 * from a transcript, a model or the server is always shown as text.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style") for (const [p, v] of Object.entries(value)) el.style.setProperty(p, String(v));
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "checked" || key === "value" || key === "disabled" || key === "hidden") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nested arrays allowed); null, undefined and false are skipped. */
export function append(el, children) {
  for (const child of [children].flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Replaces an element's content; `children` as for h(). */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Says something to screen readers through the page's polite live region. */
export function announce(message) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  // A change on the next frame is announced even when the text repeats.
  requestAnimationFrame(() => {
    region.textContent = message;
  });
}

export const prefersReducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;

/** A table in its scrolling wrapper. A column is a label, or `[label, "num"]` for right-aligned numbers. */
export function table(className, columns, ...bodies) {
  const head = columns.map((column) => {
    const [label, kind] = Array.isArray(column) ? column : [column];
    return h("th", { scope: "col", class: kind === "num" ? "num" : null }, label);
  });
  return h(
    "div",
    { class: "table-wrap" },
    h("table", { class: className }, h("thead", null, h("tr", null, head)), bodies),
  );
}
