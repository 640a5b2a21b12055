import type { Insight, InsightCounts, InsightType } from "../../../../core/insights/schema";
import type { InsightsAnswer } from "../lib/api";
import { h, table } from "../lib/dom";
import { formatInteger, plural } from "../lib/format";
import { citeLink } from "./segment-link";

const TYPES: Record<InsightType, { label: string; one: string }> = {
  action: { label: "Actions", one: "Action" },
  decision: { label: "Decisions", one: "Decision" },
  risk: { label: "Risks", one: "Risk" },
  question: { label: "Questions", one: "Question" },
};
const TYPE_KEYS = Object.keys(TYPES) as InsightType[];
const SOURCES: Record<Insight["source"], string> = {
  llm: "model",
  heuristic: "rules",
  both: "model and rules",
};

/** "2 actions, 1 risk", or "nothing found". */
export function countsText(counts: InsightCounts): string {
  const parts = TYPE_KEYS.filter((t) => counts[`${t}s`] > 0).map((t) => plural(counts[`${t}s`], t));
  return parts.length ? parts.join(", ") : "nothing found";
}

/**
 * The insights table: actions, decisions, risks and open questions with owner, due date and
 * evidence (segment links and quotes), unverified items marked, filterable by type.
 */
export function renderInsights(report: InsightsAnswer) {
  const items = report.items;
  const body = h("tbody");
  const caption = h("p", { class: "hint", "aria-live": "polite" });
  const filter = (type: InsightType | "all", label: string, disabled = false) =>
    h(
      "button",
      { class: "filter", type: "button", "data-type": type, disabled, onclick: () => render(type) },
      label,
    );
  const filters = h(
    "div",
    { class: "filters", role: "group", "aria-label": "Show insights of type" },
    filter("all", `All ${items.length}`),
    TYPE_KEYS.map((t) => {
      const n = items.filter((i) => i.type === t).length;
      return filter(t, `${TYPES[t].label} ${n}`, n === 0);
    }),
  );
  const render = (active: InsightType | "all") => {
    const shown = active === "all" ? items : items.filter((i) => i.type === active);
    body.replaceChildren(...shown.map(insightRow));
    caption.textContent =
      shown.length > 0
        ? `${formatInteger(shown.length)} shown.`
        : active === "all"
          ? "No actions, decisions, risks or open questions were found."
          : "None of this type.";
    for (const b of filters.querySelectorAll<HTMLElement>("button"))
      b.setAttribute("aria-pressed", String(b.dataset.type === active));
  };
  render("all");
  return h(
    "div",
    { class: "insights" },
    report.final
      ? null
      : h(
          "p",
          { class: "notice small" },
          "These are the rule-based items so far; the model's items join them when the job finishes.",
        ),
    filters,
    caption,
    table("insights-table", ["Type", "Summary", "Owner", "Due", "Evidence"], body),
  );
}

const none = () => h("span", { class: "muted" }, "—");

function insightRow(item: Insight) {
  const unverified = !item.verified;
  return h(
    "tr",
    { "data-type": item.type },
    h("td", null, h("span", { class: `type-badge type-${item.type}` }, TYPES[item.type].one)),
    h(
      "td",
      { class: "insight-summary" },
      item.summary,
      unverified
        ? h(
            "span",
            { class: "unverified", title: item.flags.join("; ") || "A citation could not be checked." },
            h("span", { "aria-hidden": "true" }, "⚠ "),
            "unverified",
          )
        : null,
      h("span", { class: "source" }, `from ${SOURCES[item.source]}`),
      unverified && item.flags.length ? h("span", { class: "flags" }, item.flags.join("; ")) : null,
    ),
    h("td", null, item.owner ?? none()),
    h("td", { class: "nowrap" }, item.due ?? none()),
    h(
      "td",
      { class: "evidence" },
      h("div", { class: "cite-row" }, item.evidence.segmentIds.map(citeLink)),
      item.evidence.quotes.slice(0, 3).map((q) => h("q", null, q)),
    ),
  );
}
