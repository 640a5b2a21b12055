/** Past jobs from GET /api/jobs, newest first; each opens its results. */
import { api, errorText } from "./api.js";
import { $, fill, h, table } from "./dom.js";
import { formatCost, formatInteger, formatWhen } from "./format.js";
import { JOB_STATUS_WORDS } from "./job-progress.js";

export async function showHistory() {
  const root = $("#history-body");
  root.setAttribute("aria-busy", "true");
  fill(root, h("p", { class: "hint" }, "Loading…"));
  let jobs;
  try {
    jobs = (await api("/api/jobs?limit=50")).jobs ?? [];
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
  fill(
    root,
    table(
      "history-table",
      ["Transcript", "Started", "Status", ["Segments", "num"], ["Speakers", "num"], ["Cost", "num"]],
      h(
        "tbody",
        null,
        jobs.map((job) => {
          const source = job.source ?? {};
          const speakers = Array.isArray(source.speakers) ? source.speakers.length : source.speakers;
          return h(
            "tr",
            null,
            h(
              "th",
              { scope: "row" },
              h("a", { href: `#/jobs/${job.jobId}` }, source.title || source.fileName || "Pasted transcript"),
              h("span", { class: "hint block" }, job.jobId),
            ),
            h("td", { class: "nowrap" }, formatWhen(job.createdAt)),
            h(
              "td",
              null,
              h(
                "span",
                { class: "pill", "data-status": job.status },
                JOB_STATUS_WORDS[job.status] ?? job.status,
              ),
            ),
            h("td", { class: "num" }, source.segments !== undefined ? formatInteger(source.segments) : "—"),
            h("td", { class: "num" }, speakers !== undefined ? formatInteger(speakers) : "—"),
            h("td", { class: "num" }, job.totals ? formatCost(job.totals.costUsd) : "—"),
          );
        }),
      ),
    ),
  );
}
