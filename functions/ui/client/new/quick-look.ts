import type { TranscriptSource } from "../../../../core/pipeline/request";
import { renderComputed } from "../job/computed-view";
import { plainSegmentId } from "../job/segment-link";
import { api } from "../lib/api";
import { $, fill, h } from "../lib/dom";
import { errorText } from "../lib/request";
import { MAX_NAMED, speakerNames } from "./file-card";
import { describeTranscript } from "./transcript-words";

/** "Quick look": the computed analyses at once (POST /api/analyze-now), no model and no job. */
export function setupQuickLook(source: () => TranscriptSource | null, error: HTMLElement): void {
  const button = $<HTMLButtonElement>("#quick-button");
  const panel = $("#quick-look");
  $("#quick-close").addEventListener("click", () => {
    panel.hidden = true;
    button.focus();
  });
  button.addEventListener("click", async () => {
    error.textContent = "";
    const given = source();
    if (!given) return;
    button.disabled = true;
    try {
      const answer = await api.quickLook(given);
      $("#quick-meta").textContent = describeTranscript(answer.transcript);
      const { speakers } = answer.transcript;
      fill(
        $("#quick-body"),
        // A pasted transcript's speakers are named here, before the analysis starts.
        // (An upload's are named in its file card.)
        given.transcriptText !== undefined && speakers.length > 0 && speakers.length <= MAX_NAMED
          ? speakerNames(speakers, "paste-speaker")
          : null,
        renderComputed(answer.computed, speakers, plainSegmentId),
        h(
          "p",
          { class: "hint" },
          "Start the analysis for the model's analyzers, checked insights and exports.",
        ),
      );
      panel.hidden = false;
      panel.scrollIntoView({ block: "start" });
      $("#quick-title").focus({ preventScroll: true });
    } catch (e) {
      error.textContent = errorText(e);
    } finally {
      button.disabled = false;
    }
  });
}
