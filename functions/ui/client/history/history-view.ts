import { JOB_STATUSES, type JobStatus } from "../../../../core/jobs/job";
import type { SynthesisProgress } from "../../../../core/synthesis/run";
import { api, type HistoryQuery, type JobSummary } from "../lib/api";
import { $, announce, fill, h, table } from "../lib/dom";
import { formatCost, formatInteger, formatWhen } from "../lib/format";
import { renderMarkdown } from "../lib/markdown";
import { errorText, postStream } from "../lib/request";
import { JOB_STATUS_WORDS, jobTitle } from "../lib/words";

const PAGE = 50;

/** The filter the history was last shown with, kept while the page lives. */
const filter: { q: string; status: JobStatus | "" } = { q: "", status: "" };

/**
 * Every past job from GET /api/jobs, newest first, a page at a time ("Show more" follows the
 * server's cursor), filtered by status and by text in the title; each opens its results and can
 * be deleted for good.
 */
export async function showHistory(): Promise<void> {
  const root = $("#history-body");
  const rows = h("tbody");
  const more = h("button", { class: "button small ghost", type: "button", hidden: true }, "Show more");
  const list = h("div", { class: "history-list" });
  const synthesize = h(
    "button",
    { class: "button", type: "button", id: "synthesize-button", disabled: true },
    "Synthesize selected",
  );
  const selected = () =>
    [...root.querySelectorAll<HTMLInputElement>("input.pick:checked")].map((i) => i.value);
  root.onchange = () => {
    synthesize.disabled = selected().length < 2;
  };
  synthesize.onclick = () => void runSynthesis(selected(), synthesize);
  fill(
    root,
    filterForm(() => void showHistory()),
    list,
  );

  const query: HistoryQuery = {
    limit: PAGE,
    ...(filter.q ? { q: filter.q } : {}),
    ...(filter.status ? { status: filter.status } : {}),
  };
  const load = async (): Promise<boolean> => {
    root.setAttribute("aria-busy", "true");
    more.disabled = true;
    try {
      const page = await api.jobs(query);
      rows.append(...page.jobs.map((job) => jobRow(job, rows)));
      query.cursor = page.nextCursor ?? undefined;
      more.hidden = !page.nextCursor;
      return page.jobs.length > 0;
    } finally {
      root.removeAttribute("aria-busy");
      more.disabled = false;
    }
  };

  fill(list, h("p", { class: "hint" }, "Loading…"));
  let any: boolean;
  try {
    any = await load();
  } catch (e) {
    fill(list, h("p", { class: "error-box" }, errorText(e)));
    return;
  }
  if (!any) {
    fill(
      list,
      filter.q || filter.status
        ? h("p", { class: "empty" }, "No analysis matches this filter.")
        : h("p", { class: "empty" }, "No analyses yet. ", h("a", { href: "#/" }, "Start one"), "."),
    );
    return;
  }
  more.onclick = async () => {
    try {
      await load();
    } catch (e) {
      more.after(h("p", { class: "error-text", role: "alert" }, errorText(e)));
    }
  };
  fill(
    list,
    table(
      "history-table",
      ["", "Transcript", "Started", "Status", ["Segments", "num"], ["Speakers", "num"], ["Cost", "num"], ""],
      rows,
    ),
    more,
    h(
      "div",
      { class: "history-actions" },
      synthesize,
      h("span", { class: "hint" }, "Choose two or more meetings."),
    ),
  );
}

/** What the chosen meetings share, from POST /api/syntheses, shown below the history. */
async function runSynthesis(meetings: string[], button: HTMLButtonElement) {
  const out = $("#synthesis-body");
  button.disabled = true;
  const status = h("p", { class: "hint card", role: "status" }, `Reading ${meetings.length} meetings…`);
  fill(out, status);
  try {
    let markdown: string | undefined;
    let synthesis: unknown;
    await postStream("/api/syntheses", { meetings }, (event, data) => {
      if (event === "progress") status.textContent = synthesisStep(data as SynthesisProgress);
      else if (event === "result")
        ({ markdown, synthesis } = data as { markdown: string; synthesis: unknown });
      else if (event === "error")
        throw new Error((data as { error?: { message?: string } }).error?.message ?? "The synthesis failed.");
    });
    if (markdown === undefined) throw new Error("The synthesis ended before its result arrived; try again.");
    const body = h("div", { class: "markdown card synthesis" });
    body.innerHTML = renderMarkdown(markdown, { headingOffset: 1 });
    fill(
      out,
      h(
        "p",
        { class: "exports synthesis-exports" },
        download("synthesis.md", "text/markdown", markdown, "Download Markdown"),
        download(
          "synthesis.json",
          "application/json",
          `${JSON.stringify(synthesis, null, 2)}\n`,
          "Download JSON",
        ),
      ),
      body,
    );
  } catch (e) {
    fill(out, h("p", { class: "error-box" }, errorText(e)));
  } finally {
    button.disabled = false;
  }
}

/** A link that saves `text` as a file, made in the page (the synthesis is not kept on the server). */
function download(name: string, type: string, text: string, label: string) {
  const href = URL.createObjectURL(new Blob([text], { type }));
  return h("a", { class: "button small", href, download: name }, label);
}

/** A synthesis step as the page says it while the rest runs. */
function synthesisStep(p: SynthesisProgress): string {
  if (p.step === "meeting") return `Read ${p.done} of ${p.total} meetings…`;
  if (p.step === "points") return `The model has read ${p.done} of ${p.total} meetings…`;
  return `Finding what the ${p.total} meetings share…`;
}

function filterForm(apply: () => void): HTMLFormElement {
  const q = h("input", {
    id: "history-q",
    type: "search",
    value: filter.q,
    placeholder: "Title contains…",
    maxlength: 200,
    "aria-label": "Title contains",
  });
  const status = h(
    "select",
    { id: "history-status", "aria-label": "Filter by status" },
    h("option", { value: "" }, "Any status"),
    JOB_STATUSES.map((s) => h("option", { value: s }, JOB_STATUS_WORDS[s])),
  );
  status.value = filter.status;
  const form = h(
    "form",
    { class: "history-filter", role: "search" },
    q,
    status,
    h("button", { class: "button small", type: "submit" }, "Filter"),
  );
  form.onsubmit = (e) => {
    e.preventDefault();
    filter.q = q.value.trim();
    filter.status = status.value as JobStatus | "";
    apply();
  };
  status.onchange = () => form.requestSubmit();
  return form;
}

function jobRow(job: JobSummary, rows: HTMLElement) {
  const title = jobTitle(job.source);
  const remove = h(
    "button",
    { class: "button small ghost danger", type: "button", "aria-label": `Delete ${title}` },
    "Delete",
  );
  const row = h(
    "tr",
    { dataset: { jobId: job.jobId } },
    h(
      "td",
      null,
      h("input", {
        type: "checkbox",
        class: "pick",
        value: job.jobId,
        "aria-label": `Choose ${jobTitle(job.source)} for a synthesis`,
      }),
    ),
    h(
      "th",
      { scope: "row" },
      h("a", { href: `#/jobs/${job.jobId}` }, title),
      h("span", { class: "hint block" }, job.jobId),
    ),
    h("td", { class: "nowrap" }, formatWhen(job.createdAt)),
    h("td", null, h("span", { class: "pill", "data-status": job.status }, JOB_STATUS_WORDS[job.status])),
    h("td", { class: "num" }, formatInteger(job.source.segments)),
    h("td", { class: "num" }, formatInteger(job.source.speakers.length)),
    h("td", { class: "num" }, job.totals ? formatCost(job.totals.costUsd) : "—"),
    h("td", { class: "num" }, remove),
  );
  remove.onclick = async () => {
    if (!(await confirmDelete(title))) return;
    remove.disabled = true;
    try {
      await api.deleteJob(job.jobId);
      row.remove();
      announce(`${title} deleted.`);
      if (rows.childElementCount === 0) void showHistory();
    } catch (e) {
      remove.disabled = false;
      remove.after(h("span", { class: "error-text block", role: "alert" }, errorText(e)));
    }
  };
  return row;
}

/** Asks before anything is deleted for good. */
export const confirmDelete = async (title: string) =>
  window.confirm(`Delete “${title}” for good? Its transcript, results, files and events are removed.`);
