/**
 * A job's results: each analyzer's output (Markdown rendered safely), the insights table and the
 * computed analyses in tabs, the transcript beside them, and the export links. A click on a
 * `[seg-N]` citation anywhere scrolls the transcript to that segment and highlights it.
 */
import { analyzerNames } from "./analyzer-picker.js";
import { renderComputed } from "./computed-view.js";
import { announce, fill, h } from "./dom.js";
import { formatCost, formatDuration, formatTokens, usageTotal } from "./format.js";
import { renderInsights } from "./insights-view.js";
import { renderMarkdown } from "./markdown.js";
import { renderTranscript } from "./transcript-view.js";

const STAGES = [
  { key: "final", title: "Final documents", folder: "final" },
  { key: "B", title: "Stage B", folder: "stage-b" },
  { key: "A", title: "Stage A", folder: "stage-a" },
];
const EXPORTS = [
  ["md", "Markdown"],
  ["json", "JSON"],
  ["csv", "Insights CSV"],
  ["obsidian", "Obsidian note"],
  ["zip", "Everything (.zip)"],
];
const STATUS_MARKS = { completed: "✓", error: "✕", skipped: "–", cancelled: "–", running: "…", pending: "…" };

export function renderResults(root, data) {
  const jobId = data.jobId;
  const transcript = renderTranscript(data.transcript ?? { speakers: [], segments: [] });
  const outputs = STAGES.flatMap((stage) =>
    Object.entries(data.outputs?.[stage.key] ?? {}).map(([id, out]) => ({ ...out, id, stage })),
  );
  const insightCount = data.insights?.items?.length ?? 0;

  const tabs = [
    { id: "analyses", label: "Analyses", count: outputs.length, render: () => analysesPanel(outputs, jobId) },
    { id: "insights", label: "Insights", count: insightCount, render: () => renderInsights(data.insights) },
    { id: "computed", label: "Computed", render: () => renderComputed(data.computed, data.transcript) },
  ];
  const tabButtons = tabs.map((t, i) =>
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
  const panels = tabs.map((t) =>
    h("div", {
      role: "tabpanel",
      id: `panel-${t.id}`,
      "aria-labelledby": `tab-${t.id}`,
      tabindex: "0",
      hidden: true,
    }),
  );
  const rendered = new Set();
  const select = (index, focus = false) => {
    tabButtons.forEach((b, i) => {
      b.setAttribute("aria-selected", String(i === index));
      b.tabIndex = i === index ? 0 : -1;
      panels[i].hidden = i !== index;
    });
    if (!rendered.has(index)) {
      rendered.add(index);
      panels[index].append(tabs[index].render());
    }
    if (focus) tabButtons[index].focus();
  };
  const tablist = h("div", { class: "tabs", role: "tablist", "aria-label": "Result views" }, tabButtons);
  tablist.addEventListener("click", (e) => {
    const button = e.target.closest("[role=tab]");
    if (button) select(Number(button.dataset.index));
  });
  tablist.addEventListener("keydown", (e) => {
    const current = tabButtons.indexOf(document.activeElement);
    if (current < 0) return;
    const next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select((next + tabs.length) % tabs.length, true);
  });

  const base = `/api/jobs/${encodeURIComponent(jobId)}/export?format=`;
  const exportsBar = h(
    "div",
    { class: "exports" },
    h("span", { class: "exports-label", id: "exports-label" }, "Export"),
    h(
      "ul",
      { "aria-labelledby": "exports-label" },
      EXPORTS.map(([format, label]) =>
        h("li", null, h("a", { class: "button small", href: `${base}${format}`, download: "" }, label)),
      ),
    ),
  );

  fill(
    root,
    h("div", { class: "results-head" }, h("h2", { id: "results-title" }, "Results"), exportsBar),
    data.notes?.length
      ? h(
          "ul",
          { class: "notes" },
          data.notes.map((n) => h("li", null, n)),
        )
      : null,
    h(
      "div",
      { class: "results-layout" },
      h("div", { class: "results-main card" }, tablist, panels),
      transcript.element,
    ),
  );

  root.onclick = (e) => {
    const link = e.target.closest?.("a.cite[data-seg]");
    if (!link) return;
    e.preventDefault();
    if (transcript.focusSegment(link.dataset.seg)) announce(`Showing ${link.dataset.seg} in the transcript.`);
  };

  // Open where there is something to read: an analyzer's output, else the insights, else the computed analyses.
  const anyOutput = outputs.some((o) => o.status === "completed");
  select(anyOutput ? 0 : insightCount > 0 ? 1 : 2);
}

function analysesPanel(outputs, jobId) {
  if (outputs.length === 0) {
    return h(
      "p",
      { class: "empty" },
      "No prompt analyzers ran in this job; see the insights and the computed analyses.",
    );
  }
  const view = h("article", { class: "analysis" });
  const buttons = [];
  const show = (output, button) => {
    for (const b of buttons) b.removeAttribute("aria-current");
    button.setAttribute("aria-current", "true");
    fill(view, analysisArticle(output, jobId));
  };
  const groups = STAGES.map((stage) => {
    const items = outputs.filter((o) => o.stage.key === stage.key);
    if (items.length === 0) return null;
    return h(
      "div",
      { class: "output-group" },
      h("h3", null, stage.title),
      h(
        "ul",
        null,
        items.map((o) => {
          const button = h(
            "button",
            { type: "button", class: "output-link", "data-status": o.status, "data-analyzer": o.id },
            h("span", { class: "mark", "aria-hidden": "true" }, STATUS_MARKS[o.status] ?? ""),
            h("span", null, o.name ?? analyzerNames.get(o.id) ?? o.id),
            o.status !== "completed" ? h("span", { class: "visually-hidden" }, ` (${o.status})`) : null,
          );
          button.addEventListener("click", () => show(o, button));
          buttons.push(button);
          return h("li", null, button);
        }),
      ),
    );
  });
  const start = Math.max(
    0,
    outputs.findIndex((o) => o.status === "completed"),
  );
  // Buttons are built in the same order as outputs, so the index carries over.
  show(outputs[start], buttons[start]);
  return h(
    "div",
    { class: "analyses" },
    h("nav", { class: "output-nav", "aria-label": "Analyzer outputs" }, groups),
    view,
  );
}

function analysisArticle(o, jobId) {
  const facts = [
    o.model,
    o.durationMs !== undefined ? formatDuration(o.durationMs) : null,
    o.usage ? `${formatTokens(usageTotal(o.usage))} tokens` : null,
    o.usage || o.costUsd !== undefined ? formatCost(o.costUsd) : null,
  ].filter(Boolean);
  let body;
  if (o.text) {
    body = h("div", { class: "md" });
    // Safe: renderMarkdown escapes every character of the model's text before adding its own markup.
    body.innerHTML = renderMarkdown(o.text);
  } else if (o.status === "error") {
    body = h("p", { class: "error-box" }, `This analyzer failed: ${o.error?.message ?? "no reason given"}`);
  } else if (o.status === "skipped") {
    body = h("p", { class: "notice small" }, `Skipped: ${o.reason ?? "no model service was available"}.`);
  } else {
    body = h(
      "p",
      { class: "hint" },
      o.status === "cancelled" ? "Cancelled before it ran." : "No output yet.",
    );
  }
  const copy = o.text
    ? h(
        "button",
        {
          class: "button small ghost",
          type: "button",
          onclick: async (e) => {
            const button = e.currentTarget;
            try {
              await navigator.clipboard.writeText(o.text);
              button.textContent = "Copied";
            } catch {
              button.textContent = "Copy failed";
            }
          },
        },
        "Copy Markdown",
      )
    : null;
  const file = o.text
    ? h(
        "a",
        {
          class: "button small ghost",
          href: `/api/job-file?jobId=${encodeURIComponent(jobId)}&path=${encodeURIComponent(`${o.stage.folder}/${o.id}.md`)}`,
          download: `${o.id}.md`,
        },
        "Download .md",
      )
    : null;
  return [
    h(
      "header",
      { class: "analysis-head" },
      h("div", null, h("h3", null, o.name ?? o.id), h("p", { class: "hint" }, facts.join(" · "))),
      h("div", { class: "analysis-tools" }, copy, file),
    ),
    body,
  ];
}
