import { h } from "./dom";

export interface Tab {
  id: string;
  label: string;
  count?: number;
  /** Made the first time the tab is selected. */
  render: () => Node;
}

/**
 * A tab list with its panels (the ARIA tabs pattern: arrow keys, Home and End move between tabs).
 * Each panel is rendered the first time its tab is selected.
 */
export function tabs(label: string, list: readonly Tab[]) {
  const buttons = list.map((t, i) =>
    h(
      "button",
      {
        role: "tab",
        type: "button",
        id: `tab-${t.id}`,
        "aria-controls": `panel-${t.id}`,
        "aria-selected": "false",
        tabindex: "-1",
        "data-index": String(i),
      },
      t.label,
      t.count !== undefined ? h("span", { class: "count" }, String(t.count)) : null,
    ),
  );
  const panels = list.map((t) =>
    h("div", {
      role: "tabpanel",
      id: `panel-${t.id}`,
      "aria-labelledby": `tab-${t.id}`,
      tabindex: "0",
      hidden: true,
    }),
  );
  const rendered = new Set<number>();
  const select = (index: number, focus = false) => {
    buttons.forEach((b, i) => {
      b.setAttribute("aria-selected", String(i === index));
      b.tabIndex = i === index ? 0 : -1;
      panels[i]!.hidden = i !== index;
    });
    if (!rendered.has(index)) {
      rendered.add(index);
      panels[index]!.append(list[index]!.render());
    }
    if (focus) buttons[index]!.focus();
  };
  const tablist = h("div", { class: "tabs", role: "tablist", "aria-label": label }, buttons);
  tablist.addEventListener("click", (e) => {
    const button = (e.target as Element).closest<HTMLElement>("[role=tab]");
    if (button) select(Number(button.dataset.index));
  });
  tablist.addEventListener("keydown", (e) => {
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (current < 0) return;
    const next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: list.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select((next + list.length) % list.length, true);
  });
  return { tablist, panels, select };
}
