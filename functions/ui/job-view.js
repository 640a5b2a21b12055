/**
 * One job: its progress while it runs (live events, or polling when the stream fails), Cancel,
 * and its results once it has ended.
 */
import { api, errorText } from "./api.js";
import { $, fill, h } from "./dom.js";
import { formatWhen, plural } from "./format.js";
import { createProgress, JOB_STATUS_WORDS } from "./job-progress.js";
import { TERMINAL, watchJob } from "./job-watch.js";
import { renderResults } from "./results-view.js";

let current = null;

/** Stops watching the job on screen (when the page shows another view). */
export function leaveJob() {
  current?.stop();
  current = null;
}

export async function showJob(jobId) {
  leaveJob();
  const view = { stopped: false, stop() {} };
  const ctl = {
    stop() {
      view.stopped = true;
      view.stop();
    },
  };
  current = ctl;

  const title = $("#job-title");
  const meta = $("#job-meta");
  const status = $("#job-status");
  const error = $("#job-error");
  const cancel = $("#cancel-button");
  const progressRoot = $("#progress");
  const results = $("#results");
  title.textContent = "Analysis";
  meta.textContent = jobId;
  status.textContent = "Loading";
  status.dataset.status = "pending";
  error.textContent = "";
  cancel.hidden = true;
  results.hidden = true;
  results.replaceChildren();
  fill(progressRoot, h("p", { class: "hint" }, "Loading the job…"));

  let doc;
  try {
    doc = await api(`/api/status/${encodeURIComponent(jobId)}`);
  } catch (e) {
    if (view.stopped) return;
    status.textContent = e?.status === 404 ? "Not found" : "Unavailable";
    status.dataset.status = "error";
    fill(progressRoot, h("p", { class: "error-box" }, errorText(e)));
    return;
  }
  if (view.stopped) return;

  const source = doc.source ?? {};
  title.textContent = source.title || source.fileName || "Pasted transcript";
  meta.textContent = [
    formatWhen(doc.createdAt),
    source.segments !== undefined ? plural(source.segments, "segment") : null,
    source.speakers ? plural(source.speakers.length, "speaker") : null,
    doc.llm?.enabled === false ? `computed only${doc.llm.reason ? `: ${doc.llm.reason}` : ""}` : null,
  ]
    .filter(Boolean)
    .join(" · ");

  const progress = createProgress(progressRoot, doc);
  const showStatus = (s) => {
    status.textContent = JOB_STATUS_WORDS[s] ?? s;
    status.dataset.status = s;
    cancel.hidden = TERMINAL.has(s);
  };
  showStatus(doc.status);
  if (doc.error?.message) error.textContent = doc.error.message;

  const finish = async () => {
    if (view.stopped) return;
    watcher?.stop();
    progress.stop();
    cancel.hidden = true;
    try {
      // The status document carries the final totals and every analyzer's last state.
      const [latest, data] = await Promise.all([
        api(`/api/status/${encodeURIComponent(jobId)}`),
        api(`/api/results/${encodeURIComponent(jobId)}`),
      ]);
      if (view.stopped) return;
      progress.sync(latest);
      showStatus(latest.status);
      if (latest.error?.message) error.textContent = latest.error.message;
      results.hidden = false;
      renderResults(results, data);
      progress.collapse();
    } catch (e) {
      if (!view.stopped) error.textContent = `The results could not be loaded. ${errorText(e)}`;
    }
  };

  let watcher = null;
  view.stop = () => {
    watcher?.stop();
    progress.stop();
  };
  if (TERMINAL.has(doc.status)) {
    await finish();
    return;
  }

  let finishing = false;
  const ended = () => {
    if (finishing) return;
    finishing = true;
    void finish();
  };
  watcher = watchJob(jobId, {
    onEvent(event) {
      if (progress.apply(event)) {
        showStatus(progress.status);
        ended();
      } else {
        showStatus(progress.status);
      }
    },
    onStatus(latest) {
      if (progress.sync(latest)) ended();
      showStatus(progress.status);
    },
    onPolling() {
      progress.note("Live updates are not available here; checking every 2 seconds.");
    },
  });

  cancel.onclick = async () => {
    cancel.disabled = true;
    error.textContent = "";
    try {
      await api(`/api/jobs/${encodeURIComponent(jobId)}/cancel`, { method: "POST" });
      showStatus("cancelled");
    } catch (e) {
      error.textContent = errorText(e);
    } finally {
      cancel.disabled = false;
    }
  };
}
