/**
 * The progress of a job: per stage, each analyzer with its status, time, tokens and cost, and a
 * running total. Built from the status document, then kept current by events (or by polled
 * documents), updating rows in place so the page does not jump.
 */
import { analyzerNames } from "./analyzer-picker.js";
import { announce, fill, h, table } from "./dom.js";
import { formatCost, formatDuration, formatTokens, plural, usageTotal } from "./format.js";
import { TERMINAL } from "./job-watch.js";

const STAGE_TITLES = {
  A: "Stage A · transcript",
  B: "Stage B · meta-analysis",
  final: "Final documents",
  insights: "Insights",
};
const STATUS_WORDS = {
  pending: "Waiting",
  running: "Running",
  completed: "Done",
  error: "Failed",
  skipped: "Skipped",
  cancelled: "Cancelled",
};
export const JOB_STATUS_WORDS = {
  queued: "Queued",
  running: "Running",
  completed: "Completed",
  error: "Failed",
  cancelled: "Cancelled",
};

const keyOf = (stage, id) => (stage === "insights" ? "insights" : `${stage}.${id}`);

export function createProgress(root, doc) {
  const rows = new Map();
  const job = {
    status: doc.status,
    createdAt: doc.createdAt,
    finishedAt: doc.finishedAt,
    totals: doc.totals,
  };
  let insightCounts = null;
  let clock = 0;

  const summary = h("p", { class: "progress-summary" });
  const notice = h("p", { class: "hint progress-note", hidden: true });
  const bar = h("progress", { max: "1", value: "0", "aria-label": "Analyzers finished" });
  const tables = h("div", { class: "progress-stages" });
  const details = h(
    "details",
    { class: "progress-details", open: true },
    h("summary", null, h("span", { id: "progress-title", class: "summary-title" }, "Progress"), summary),
    bar,
    notice,
    tables,
  );
  fill(root, details);

  const stagesOf = (d) => {
    const list = [];
    for (const stage of ["A", "B", "final"]) {
      const analyzers = Object.values(d.stages?.[stage]?.analyzers ?? {});
      if (analyzers.length > 0) list.push({ stage, analyzers });
    }
    if (d.plan?.insights !== false && d.stages?.insights)
      list.push({ stage: "insights", analyzers: [d.stages.insights] });
    return list;
  };

  function build(d) {
    tables.replaceChildren();
    rows.clear();
    const groups = stagesOf(d);
    if (groups.length === 0) {
      tables.append(
        h("p", { class: "hint" }, "No prompt analyzers were chosen: the computed analyses are ready below."),
      );
      return;
    }
    const bodies = groups.map(({ stage, analyzers }) => {
      const body = h(
        "tbody",
        null,
        h("tr", null, h("th", { class: "stage-cell", colspan: "5", scope: "rowgroup" }, STAGE_TITLES[stage])),
      );
      for (const state of analyzers) {
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
          { "data-key": keyOf(stage, state.id) },
          h("th", { scope: "row" }, cells.name, cells.note),
          h("td", null, cells.status),
          cells.time,
          cells.tokens,
          cells.cost,
        );
        body.append(tr);
        rows.set(keyOf(stage, state.id), { state: { ...state, stage }, tr, cells });
      }
      return body;
    });
    tables.append(
      table(
        "progress-table",
        ["Analyzer", "Status", ["Time", "num"], ["Tokens", "num"], ["Cost", "num"]],
        bodies,
      ),
    );
    for (const row of rows.values()) paint(row);
  }

  function paint(row) {
    const s = row.state;
    row.cells.name.textContent =
      s.name && s.name !== s.id ? s.name : (analyzerNames.get(s.id) ?? s.name ?? s.id);
    row.tr.dataset.status = s.status;
    row.cells.status.dataset.status = s.status;
    row.cells.status.textContent = STATUS_WORDS[s.status] ?? s.status;
    const running = s.status === "running" && s.startedAt;
    row.cells.time.textContent = running
      ? formatDuration(Date.now() - Date.parse(s.startedAt))
      : s.durationMs !== undefined
        ? formatDuration(s.durationMs)
        : "—";
    const tokens = usageTotal(s.usage);
    row.cells.tokens.textContent = s.usage ? formatTokens(tokens) : "—";
    row.cells.tokens.title = s.usage
      ? `${s.usage.inputTokens} in (${s.usage.cachedInputTokens ?? 0} cached), ${s.usage.outputTokens} out`
      : "";
    row.cells.cost.textContent = s.usage || s.costUsd !== undefined ? formatCost(s.costUsd) : "—";
    let note = "";
    if (s.status === "error" && s.error) note = s.error.message;
    else if (s.status === "skipped" && s.reason) note = s.reason;
    else if (s.stage === "insights" && insightCounts) note = countsText(insightCounts);
    else if (s.chunking?.chunks > 1) note = `read in ${s.chunking.chunks} overlapping parts`;
    else if (s.model && s.status !== "pending") note = s.model;
    row.cells.note.textContent = note;
    row.cells.note.classList.toggle("error-text", s.status === "error");
  }

  function paintSummary() {
    const all = [...rows.values()].map((r) => r.state);
    const done = all.filter((s) => TERMINAL.has(s.status) || s.status === "skipped").length;
    bar.max = Math.max(1, all.length);
    bar.value = TERMINAL.has(job.status) ? bar.max : done;
    let tokens = 0;
    let cost = 0;
    let unpriced = 0;
    for (const s of all) {
      tokens += usageTotal(s.usage);
      if (typeof s.costUsd === "number") cost += s.costUsd;
      else if (s.usage && s.costUsd === null) unpriced++;
    }
    if (job.totals) {
      tokens = usageTotal(job.totals.usage);
      cost = job.totals.costUsd;
      unpriced = job.totals.unpricedCalls ?? 0;
    }
    const end = job.finishedAt ? Date.parse(job.finishedAt) : Date.now();
    const elapsed = job.createdAt ? end - Date.parse(job.createdAt) : undefined;
    const parts = [
      all.length ? `${done} of ${plural(all.length, "step")} done` : JOB_STATUS_WORDS[job.status],
      formatDuration(elapsed),
      `${formatTokens(tokens)} tokens`,
      `${formatCost(cost)}${unpriced ? ` + ${plural(unpriced, "unpriced call")}` : ""}`,
    ];
    summary.textContent = parts.join(" · ");
  }

  function tick() {
    for (const row of rows.values()) if (row.state.status === "running") paint(row);
    paintSummary();
  }

  function update(stage, id, fields) {
    const row = rows.get(keyOf(stage, id));
    if (!row) return undefined;
    Object.assign(row.state, fields);
    paint(row);
    return row.state;
  }

  function finish() {
    clearInterval(clock);
    clock = 0;
    for (const row of rows.values()) {
      if (job.status === "cancelled" && (row.state.status === "pending" || row.state.status === "running")) {
        row.state.status = "cancelled";
      }
      paint(row);
    }
    paintSummary();
  }

  build(doc);
  paintSummary();
  if (!TERMINAL.has(job.status)) clock = setInterval(tick, 1000);
  else details.open = false;

  return {
    get status() {
      return job.status;
    },
    /** Applies one JobEvent; returns true when the job has ended. */
    apply(event) {
      const d = event.data ?? {};
      const name = (id) => analyzerNames.get(id) ?? rows.get(keyOf(d.stage, id))?.state.name ?? id;
      switch (event.type) {
        case "job.started":
          job.status = "running";
          break;
        case "analyzer.started":
          if (job.status === "queued") job.status = "running";
          update(d.stage, d.analyzer, {
            status: "running",
            startedAt: event.ts,
            ...(d.model ? { model: d.model } : {}),
          });
          break;
        case "analyzer.completed":
          update(d.stage, d.analyzer, {
            status: "completed",
            model: d.model,
            durationMs: d.durationMs,
            usage: d.usage,
            costUsd: d.costUsd,
            ...(d.chunking ? { chunking: d.chunking } : {}),
          });
          break;
        case "analyzer.error":
          update(d.stage, d.analyzer, { status: "error", error: d.error });
          announce(`${name(d.analyzer)} failed: ${d.error?.message ?? "an error"}.`);
          break;
        case "stage.completed":
          announce(`${STAGE_TITLES[d.stage] ?? d.stage} finished.`);
          break;
        case "insights.updated":
          insightCounts = d.counts ?? null;
          update("insights", "insights", {});
          break;
        case "job.completed":
        case "job.error":
        case "job.cancelled":
          job.status = d.status ?? event.type.slice(4);
          job.finishedAt = event.ts;
          if (d.totals) job.totals = d.totals;
          announce(`Analysis ${JOB_STATUS_WORDS[job.status]?.toLowerCase() ?? job.status}.`);
          finish();
          return true;
        default:
          break;
      }
      paintSummary();
      return false;
    },
    /** Takes a whole status document (polling, or a refresh at the end). */
    sync(d) {
      Object.assign(job, {
        status: d.status,
        createdAt: d.createdAt,
        finishedAt: d.finishedAt,
        totals: d.totals,
      });
      for (const { stage, analyzers } of stagesOf(d)) {
        for (const state of analyzers) {
          const row = rows.get(keyOf(stage, state.id));
          if (row) {
            row.state = { ...state, stage };
            paint(row);
          }
        }
      }
      if (TERMINAL.has(d.status)) finish();
      else paintSummary();
      return TERMINAL.has(d.status);
    },
    /** A line about how progress is followed (e.g. polling instead of live events). */
    note(text) {
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

export function countsText(counts) {
  const parts = [
    counts.actions ? plural(counts.actions, "action") : null,
    counts.decisions ? plural(counts.decisions, "decision") : null,
    counts.risks ? plural(counts.risks, "risk") : null,
    counts.questions ? plural(counts.questions, "question") : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "nothing found";
}
