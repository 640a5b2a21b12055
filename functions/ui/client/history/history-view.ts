import { api, type JobSummary } from "../lib/api";
import { $, fill, h, table } from "../lib/dom";
import { formatCost, formatInteger, formatWhen } from "../lib/format";
import { renderMarkdown } from "../lib/markdown";
import { errorText } from "../lib/request";
import { JOB_STATUS_WORDS, jobTitle } from "../lib/words";

const SHOWN = 50;

/** Past jobs from GET /api/jobs, newest first; each opens its results. */
export async function showHistory(): Promise<void> {
  const root = $("#history-body");
  root.setAttribute("aria-busy", "true");
  fill(root, h("p", { class: "hint" }, "Loading…"));
  let jobs: JobSummary[];
  try {
    jobs = (await api.jobs(SHOWN)).jobs;
  } catch (e) {
    fill(root, h("p", { class: "error-box" }, errorText(e)));
    return;
  } finally {
    root.removeAttribute("aria-busy");
  }
  if (jobs.length === 0) {
    fill(root, h("p", { class: "empty" }, "No analyses yet. ", h("a", { href: "#/" }, "Start one"), "."));
    return;
  }
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
    table(
      "history-table",
      ["", "Transcript", "Started", "Status", ["Segments", "num"], ["Speakers", "num"], ["Cost", "num"]],
      h("tbody", null, jobs.map(jobRow)),
    ),
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
  fill(out, h("p", { class: "hint card" }, `Reading ${meetings.length} meetings…`));
  try {
    const { markdown } = await api.synthesize(meetings);
    const body = h("div", { class: "markdown card synthesis" });
    body.innerHTML = renderMarkdown(markdown, { headingOffset: 1 });
    fill(out, body);
  } catch (e) {
    fill(out, h("p", { class: "error-box" }, errorText(e)));
  } finally {
    button.disabled = false;
  }
}

const jobRow = (job: JobSummary) =>
  h(
    "tr",
    null,
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
      h("a", { href: `#/jobs/${job.jobId}` }, jobTitle(job.source)),
      h("span", { class: "hint block" }, job.jobId),
    ),
    h("td", { class: "nowrap" }, formatWhen(job.createdAt)),
    h("td", null, h("span", { class: "pill", "data-status": job.status }, JOB_STATUS_WORDS[job.status])),
    h("td", { class: "num" }, formatInteger(job.source.segments)),
    h("td", { class: "num" }, formatInteger(job.source.speakers.length)),
    h("td", { class: "num" }, job.totals ? formatCost(job.totals.costUsd) : "—"),
  );
