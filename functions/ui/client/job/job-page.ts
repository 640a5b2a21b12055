import { isFinished, type JobDocument } from "../../../../core/jobs/job";
import * as progress from "../../../../core/jobs/progress";
import { confirmDelete } from "../history/history-view";
import { analyzerName } from "../lib/analyzer-names";
import { api } from "../lib/api";
import { $, announce, fill, h } from "../lib/dom";
import { ApiError, errorText } from "../lib/request";
import { JOB_STATUS_WORDS, jobTitle } from "../lib/words";
import { jobHeader } from "./job-header";
import { watchJob } from "./job-watch";
import { createProgressView } from "./progress-view";
import { renderResults } from "./results-view";
import { STAGE_TITLES } from "./stage-titles";

let current: { stop(): void } | null = null;

/** Stops following the job on screen (when the page shows another view). */
export function leaveJob(): void {
  current?.stop();
  current = null;
}

/**
 * One job: its progress while it runs (live events, or polling when the stream fails), Cancel,
 * and its results once it has ended.
 */
export async function showJob(jobId: string, segment?: string): Promise<void> {
  leaveJob();
  const page = { stopped: false, cleanups: [] as Array<() => void> };
  current = {
    stop() {
      page.stopped = true;
      for (const cleanup of page.cleanups) cleanup();
    },
  };
  const header = jobHeader(jobId);
  const error = $("#job-error");
  const results = $("#results");
  results.hidden = true;
  results.replaceChildren();
  fill($("#progress"), h("p", { class: "hint" }, "Loading the job…"));

  let doc: JobDocument;
  try {
    doc = await api.status(jobId);
  } catch (e) {
    if (page.stopped) return;
    if (e instanceof ApiError && e.status === 404) showGone(header);
    else {
      header.failed("Unavailable");
      fill($("#progress"), h("p", { class: "error-box" }, errorText(e)));
    }
    return;
  }
  if (page.stopped) return;
  header.describe(doc);
  header.onDelete(async () => {
    if (!(await confirmDelete(jobTitle(doc.source)))) return;
    await api.deleteJob(jobId);
    announce("Analysis deleted.");
    location.hash = "#/history";
  });
  header.onRetry(async () => {
    const { missing } = await api.retry(jobId);
    announce(`Retrying: ${missing} step${missing === 1 ? "" : "s"} to run.`);
    if (!page.stopped) void showJob(jobId);
  });

  let state = progress.fromDocument(doc);
  const view = createProgressView($("#progress"), state);
  page.cleanups.push(view.stop);
  const show = (next: progress.JobProgress) => {
    announceChanges(state, next);
    state = next;
    view.show(state);
    header.status(state.status);
    if (state.error) error.textContent = state.error.message;
    if (isFinished(state.status)) void finish();
    else if (state.status === "interrupted") halt();
  };

  // An interruption (the host stopped mid-job) ends nothing by itself: what finished stays on
  // screen and Retry runs only what is missing.
  const halt = () => {
    watcher?.stop();
    view.stop();
    view.note(
      "This analysis was interrupted when the server stopped. Retry runs only the steps that had not finished.",
    );
  };

  let watcher: { stop(): void } | undefined;
  let finishing = false;
  const finish = async () => {
    if (finishing || page.stopped) return;
    finishing = true;
    watcher?.stop();
    view.stop();
    try {
      // The status document carries the final totals and every analyzer's last state.
      const [latest, data] = await Promise.all([api.status(jobId), api.results(jobId)]);
      if (page.stopped) return;
      show(progress.sync(state, latest));
      results.hidden = false;
      renderResults(results, data, {
        ...(segment ? { segment } : {}),
        onRenamed: () => void showJob(jobId),
      });
      view.collapse();
    } catch (e) {
      if (!page.stopped) error.textContent = `The results could not be loaded. ${errorText(e)}`;
    }
  };

  header.status(state.status);
  if (state.error) error.textContent = state.error.message;
  if (isFinished(state.status)) {
    await finish();
    return;
  }
  if (state.status === "interrupted") {
    halt();
    return;
  }
  watcher = watchJob(jobId, {
    onEvent: (event) => show(progress.reduce(state, event)),
    onStatus: (latest) => show(progress.sync(state, latest)),
    onPolling: () => view.note("Live updates are not available here; checking every 2 seconds."),
    onGone: () => {
      if (page.stopped) return;
      view.stop();
      showGone(header);
      announce("This job is gone.");
    },
  });
  page.cleanups.push(watcher.stop);
  header.onCancel(async () => {
    await api.cancel(jobId);
    header.status("cancelled");
  });
}

/**
 * The server does not know the job (404): it was deleted, or this browser may not see it. Say so
 * and offer the history instead of waiting for a job that will not come back.
 */
function showGone(header: ReturnType<typeof jobHeader>) {
  header.failed("Not found");
  $("#job-error").textContent = "";
  $("#results").hidden = true;
  fill(
    $("#progress"),
    h(
      "div",
      { class: "error-box job-gone", role: "status" },
      h("p", null, "This job is gone: it was deleted, or it is not one this browser may see."),
      h("p", null, h("a", { class: "button", href: "#/history" }, "Open the history")),
    ),
  );
}

/** Tells screen readers what changed: a step that failed, a stage that finished, the job's end. */
function announceChanges(prev: progress.JobProgress, next: progress.JobProgress) {
  for (const s of progress.newlyDone(prev, next))
    if (s.status === "error")
      announce(`${analyzerName(s.id, s.name)} failed: ${s.error?.message ?? "an error"}.`);
  for (const stage of next.stagesDone)
    if (!prev.stagesDone.includes(stage)) announce(`${STAGE_TITLES[stage]} finished.`);
  if (isFinished(next.status) && !isFinished(prev.status))
    announce(`Analysis ${JOB_STATUS_WORDS[next.status].toLowerCase()}.`);
}
