import { type AnalyzerState, isAnalyzerDone } from "../../../../core/jobs/job";
import * as progress from "../../../../core/jobs/progress";
import { analyzerName } from "../lib/analyzer-names";
import { h, table } from "../lib/dom";
import { formatCost, formatDuration, formatTokens, usageTotal } from "../lib/format";
import { STEP_STATUS_WORDS } from "../lib/words";
import { countsText } from "./insights-view";
import { STAGE_TITLES } from "./stage-titles";

export interface Row {
  tr: HTMLElement;
  cells: Record<"name" | "note" | "status" | "time" | "tokens" | "cost", HTMLElement>;
}

/** The steps' table, one body per stage, each row remembered in `rows` by its step's key. */
export function stepsTable(steps: readonly AnalyzerState[], rows: Map<string, Row>) {
  if (steps.length === 0)
    return h(
      "p",
      { class: "hint" },
      "No prompt analyzers were chosen: the computed analyses are ready below.",
    );
  const stages = [...new Set(steps.map((s) => s.stage))];
  const bodies = stages.map((stage) =>
    h(
      "tbody",
      null,
      h("tr", null, h("th", { class: "stage-cell", colspan: "5", scope: "rowgroup" }, STAGE_TITLES[stage])),
      steps.filter((s) => s.stage === stage).map((s) => stepRow(progress.stepKey(s), rows)),
    ),
  );
  return table(
    "progress-table",
    ["Analyzer", "Status", ["Time", "num"], ["Tokens", "num"], ["Cost", "num"]],
    bodies,
  );
}

function stepRow(key: string, rows: Map<string, Row>) {
  const cells = {
    name: h("span", { class: "row-name" }),
    note: h("span", { class: "row-note" }),
    status: h("span", { class: "status" }),
    time: h("td", { class: "num" }),
    tokens: h("td", { class: "num" }),
    cost: h("td", { class: "num" }),
  };
  const tr = h(
    "tr",
    { "data-key": key },
    h("th", { scope: "row" }, cells.name, cells.note),
    h("td", null, cells.status),
    cells.time,
    cells.tokens,
    cells.cost,
  );
  rows.set(key, { tr, cells });
  return tr;
}

/** Shows one step in its row: name, status, time, tokens, cost and a note. */
export function paintRow(row: Row | undefined, s: AnalyzerState, state: progress.JobProgress) {
  if (!row) return;
  const { cells } = row;
  cells.name.textContent = analyzerName(s.id, s.name);
  row.tr.dataset.status = s.status;
  cells.status.dataset.status = s.status;
  cells.status.textContent = STEP_STATUS_WORDS[s.status];
  cells.time.textContent =
    s.status === "running" && s.startedAt
      ? formatDuration(Date.now() - Date.parse(s.startedAt))
      : formatDuration(s.durationMs);
  cells.tokens.textContent = s.usage ? formatTokens(usageTotal(s.usage)) : "—";
  cells.tokens.title = s.usage
    ? `${s.usage.inputTokens} in (${s.usage.cachedInputTokens} cached), ${s.usage.outputTokens} out`
    : "";
  cells.cost.textContent = s.usage || s.costUsd !== undefined ? formatCost(s.costUsd) : "—";
  cells.note.textContent = stepNote(s, state);
  cells.note.classList.toggle("error-text", s.status === "error");
}

function stepNote(s: AnalyzerState, state: progress.JobProgress): string {
  if (s.status === "error" && s.error) return s.error.message;
  if (s.status === "skipped" && s.reason) return s.reason;
  // The review's row shows the model while it runs, then the counts it leaves.
  if (s.stage === "insights" && state.insights && (s.id === "insights" || isAnalyzerDone(s.status)))
    return countsText(state.insights);
  if (s.chunking && s.chunking.chunks > 1) return `read in ${s.chunking.chunks} overlapping parts`;
  return s.model && s.status !== "pending" ? s.model : "";
}
