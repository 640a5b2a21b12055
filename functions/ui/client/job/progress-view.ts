import { type AnalyzerState, isFinished } from "../../../../core/jobs/job";
import * as progress from "../../../../core/jobs/progress";
import { fill, h } from "../lib/dom";
import { formatCost, formatDuration, formatTokens, plural, usageTotal } from "../lib/format";
import { JOB_STATUS_WORDS } from "../lib/words";
import { paintRow, type Row, stepsTable } from "./progress-rows";

/**
 * The progress of a job as a table: per stage, each step with its status, time, tokens and cost,
 * and a running total above it. Drawn from the progress state (core/jobs/progress), updating rows
 * in place so the page does not jump; running steps' times tick every second.
 */
export function createProgressView(root: HTMLElement, initial: progress.JobProgress) {
  let state = initial;
  const summary = h("p", { class: "progress-summary" });
  const notice = h("p", { class: "hint progress-note", hidden: true });
  const bar = h("progress", { max: "1", value: "0", "aria-label": "Analyzers finished" });
  const rows = new Map<string, Row>();
  const details = h(
    "details",
    { class: "progress-details", open: !isFinished(state.status) },
    h("summary", null, h("span", { id: "progress-title", class: "summary-title" }, "Progress"), summary),
    bar,
    notice,
    h("div", { class: "progress-stages" }, stepsTable(state.steps, rows)),
  );
  fill(root, details);

  const paintSummary = () => {
    const { done, total } = progress.counts(state).all;
    bar.max = Math.max(1, total);
    bar.value = isFinished(state.status) ? bar.max : done;
    const spent = progress.spend(state);
    const end = state.finishedAt ? Date.parse(state.finishedAt) : Date.now();
    summary.textContent = [
      total ? `${done} of ${plural(total, "step")} done` : JOB_STATUS_WORDS[state.status],
      formatDuration(state.createdAt ? end - Date.parse(state.createdAt) : undefined),
      `${formatTokens(usageTotal(spent.usage))} tokens`,
      `${formatCost(spent.costUsd)}${spent.unpricedCalls ? ` + ${plural(spent.unpricedCalls, "unpriced call")}` : ""}`,
    ].join(" · ");
  };
  const paint = (only?: (step: AnalyzerState) => boolean) => {
    for (const step of state.steps)
      if (!only || only(step)) paintRow(rows.get(progress.stepKey(step)), step, state);
    paintSummary();
  };
  paint();
  const clock = isFinished(state.status)
    ? 0
    : window.setInterval(() => paint((s) => s.status === "running"), 1000);

  return {
    /** Shows a new state; only the steps that changed are repainted. */
    show(next: progress.JobProgress) {
      const before = new Set(state.steps);
      const insightsChanged = next.insights !== state.insights;
      state = next;
      paint((s) => !before.has(s) || (insightsChanged && s.stage === "insights"));
      if (isFinished(state.status)) clearInterval(clock);
    },
    /** A line about how progress is followed (e.g. polling instead of live events). */
    note(text: string) {
      notice.textContent = text;
      notice.hidden = !text;
    },
    collapse() {
      details.open = false;
    },
    stop() {
      clearInterval(clock);
    },
  };
}
