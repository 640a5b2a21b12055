/**
 * The insights table: actions, decisions, risks and open questions with owner, due date and
 * evidence (segment links and quotes), unverified items marked, filterable by type.
 */
import { h, table } from "./dom.js";
import { formatInteger } from "./format.js";
import { citeLink } from "./transcript-view.js";

const TYPES = [
  { type: "action", label: "Actions", one: "Action" },
  { type: "decision", label: "Decisions", one: "Decision" },
  { type: "risk", label: "Risks", one: "Risk" },
  { type: "question", label: "Questions", one: "Question" },
];
const SOURCES = { llm: "model", heuristic: "rules", both: "model and rules" };

export function renderInsights(report) {
  const items = report?.items ?? [];
  const body = h("tbody");
  const caption = h("p", { class: "hint", "aria-live": "polite" });
  let active = "all";

  const rowFor = (item) =>
    h(
      "tr",
      { "data-type": item.type },
      h(
        "td",
        null,
        h(
          "span",
          { class: `type-badge type-${item.type}` },
          TYPES.find((t) => t.type === item.type)?.one ?? item.type,
        ),
      ),
      h(
        "td",
        { class: "insight-summary" },
        item.summary,
        item.verified === false
          ? h(
              "span",
              {
                class: "unverified",
                title: (item.flags ?? []).join("; ") || "A citation could not be checked.",
              },
              h("span", { "aria-hidden": "true" }, "⚠ "),
              "unverified",
            )
          : null,
        h("span", { class: "source" }, `from ${SOURCES[item.source] ?? item.source}`),
        item.verified === false && item.flags?.length
          ? h("span", { class: "flags" }, item.flags.join("; "))
          : null,
      ),
      h("td", null, item.owner ?? h("span", { class: "muted" }, "—")),
      h("td", { class: "nowrap" }, item.due ?? h("span", { class: "muted" }, "—")),
      h(
        "td",
        { class: "evidence" },
        h(
          "div",
          { class: "cite-row" },
          (item.evidence?.segmentIds ?? []).map((id) => citeLink(id)),
        ),
        (item.evidence?.quotes ?? []).slice(0, 3).map((q) => h("q", null, q)),
      ),
    );

  const render = () => {
    const shown = active === "all" ? items : items.filter((i) => i.type === active);
    body.replaceChildren(...shown.map(rowFor));
    caption.textContent =
      shown.length === 0
        ? active === "all"
          ? "No actions, decisions, risks or open questions were found."
          : "None of this type."
        : `${formatInteger(shown.length)} shown.`;
    for (const b of filters.querySelectorAll("button"))
      b.setAttribute("aria-pressed", String(b.dataset.type === active));
  };

  const counts = Object.fromEntries(
    TYPES.map((t) => [t.type, items.filter((i) => i.type === t.type).length]),
  );
  const filters = h(
    "div",
    { class: "filters", role: "group", "aria-label": "Show insights of type" },
    h(
      "button",
      {
        class: "filter",
        type: "button",
        "data-type": "all",
        onclick: () => {
          active = "all";
          render();
        },
      },
      `All ${items.length}`,
    ),
    TYPES.map((t) =>
      h(
        "button",
        {
          class: "filter",
          type: "button",
          "data-type": t.type,
          disabled: counts[t.type] === 0,
          onclick: () => {
            active = t.type;
            render();
          },
        },
        `${t.label} ${counts[t.type]}`,
      ),
    ),
  );

  const element = h(
    "div",
    { class: "insights" },
    report?.final === false
      ? h(
          "p",
          { class: "notice small" },
          "These are the rule-based items so far; the model's items join them when the job finishes.",
        )
      : null,
    filters,
    caption,
    table("insights-table", ["Type", "Summary", "Owner", "Due", "Evidence"], body),
  );
  render();
  return element;
}
