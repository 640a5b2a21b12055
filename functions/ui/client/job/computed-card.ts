import { type Child, h } from "../lib/dom";

/** One card of the computed analyses' grid. */
export const card = (title: string, ...children: Child[]) =>
  h("section", { class: "computed-card" }, h("h3", null, title), ...children);
