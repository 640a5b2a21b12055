import { isFinished, type JobDocument, type JobStatus } from "../../../../core/jobs/job";
import { viewerShare } from "../lib/api";
import { $ } from "../lib/dom";
import { formatWhen, plural } from "../lib/format";
import { errorText } from "../lib/request";
import { JOB_STATUS_WORDS, jobTitle } from "../lib/words";

/**
 * The job's title, facts, status pill and its buttons: Cancel while it runs, Retry when an
 * interruption left it unfinished, Delete once it is no longer running.
 */
export function jobHeader(jobId: string) {
  const title = $("#job-title");
  const meta = $("#job-meta");
  const pill = $("#job-status");
  const error = $("#job-error");
  const cancel = $<HTMLButtonElement>("#cancel-button");
  const retry = $<HTMLButtonElement>("#retry-button");
  const remove = $<HTMLButtonElement>("#delete-button");
  title.textContent = "Analysis";
  meta.textContent = jobId;
  pill.textContent = "Loading";
  pill.dataset.status = "pending";
  error.textContent = "";
  for (const button of [cancel, retry, remove]) {
    button.hidden = true;
    button.onclick = null;
  }
  const act = (button: HTMLButtonElement, run: () => Promise<void>) => {
    button.onclick = async () => {
      button.disabled = true;
      error.textContent = "";
      try {
        await run();
      } catch (e) {
        error.textContent = errorText(e);
      } finally {
        button.disabled = false;
      }
    };
  };
  return {
    /** The job cannot be shown (not found, unavailable): nothing to cancel either. */
    failed(word: string) {
      pill.textContent = word;
      pill.dataset.status = "error";
      cancel.hidden = true;
    },
    describe(doc: JobDocument) {
      title.textContent = jobTitle(doc.source);
      meta.textContent = [
        formatWhen(doc.createdAt),
        plural(doc.source.segments, "segment"),
        plural(doc.source.speakers.length, "speaker"),
        doc.llm.enabled ? null : `computed only${doc.llm.reason ? `: ${doc.llm.reason}` : ""}`,
      ]
        .filter(Boolean)
        .join(" · ");
    },
    status(status: JobStatus) {
      pill.textContent = JOB_STATUS_WORDS[status];
      pill.dataset.status = status;
      const ended = isFinished(status) || status === "interrupted";
      // A reader who came by a share link may not cancel, retry or delete.
      const reader = viewerShare !== null;
      cancel.hidden = ended || reader;
      retry.hidden = status !== "interrupted" || reader;
      remove.hidden = !ended || reader;
    },
    onCancel: (run: () => Promise<void>) => act(cancel, run),
    onRetry: (run: () => Promise<void>) => act(retry, run),
    onDelete: (run: () => Promise<void>) => act(remove, run),
  };
}
