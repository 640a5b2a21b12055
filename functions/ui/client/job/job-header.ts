import { isFinished, type JobDocument, type JobStatus } from "../../../../core/jobs/job";
import { $ } from "../lib/dom";
import { formatWhen, plural } from "../lib/format";
import { errorText } from "../lib/request";
import { JOB_STATUS_WORDS, jobTitle } from "../lib/words";

/** The job's title, facts, status pill and Cancel button. */
export function jobHeader(jobId: string) {
  const title = $("#job-title");
  const meta = $("#job-meta");
  const pill = $("#job-status");
  const error = $("#job-error");
  const cancel = $<HTMLButtonElement>("#cancel-button");
  title.textContent = "Analysis";
  meta.textContent = jobId;
  pill.textContent = "Loading";
  pill.dataset.status = "pending";
  error.textContent = "";
  cancel.hidden = true;
  cancel.onclick = null;
  return {
    failed(word: string) {
      pill.textContent = word;
      pill.dataset.status = "error";
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
      cancel.hidden = isFinished(status);
    },
    onCancel(run: () => Promise<void>) {
      cancel.onclick = async () => {
        cancel.disabled = true;
        error.textContent = "";
        try {
          await run();
        } catch (e) {
          error.textContent = errorText(e);
        } finally {
          cancel.disabled = false;
        }
      };
    },
  };
}
