import { isFinished, type JobDocument } from "../../../../core/jobs/job";
import * as progress from "../../../../core/jobs/progress";
import { analyzerName } from "../lib/analyzer-names";
import { api } from "../lib/api";
import { $, announce, fill, h } from "../lib/dom";
import { ApiError, errorText } from "../lib/request";
import { JOB_STATUS_WORDS } from "../lib/words";
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
    header.failed(e instanceof ApiError && e.status === 404 ? "Not found" : "Unavailable");
    fill($("#progress"), h("p", { class: "error-box" }, errorText(e)));
    return;
  }
  if (page.stopped) return;
  header.describe(doc);

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
  watcher = watchJob(jobId, {
    onEvent: (event) => show(progress.reduce(state, event)),
    onStatus: (latest) => show(progress.sync(state, latest)),
    onPolling: () => view.note("Live updates are not available here; checking every 2 seconds."),
  });
  page.cleanups.push(watcher.stop);
  header.onCancel(async () => {
    await api.cancel(jobId);
    header.status("cancelled");
  });
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
