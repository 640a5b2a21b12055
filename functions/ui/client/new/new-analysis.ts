import { api } from "../lib/api";
import { $ } from "../lib/dom";
import { errorText } from "../lib/request";
import { setupAnalyzerPicker } from "./analyzer-picker";
import { setupQuickLook } from "./quick-look";
import { runOptions, setupRedactChoice } from "./run-options";
import { setupTranscriptInput, type TranscriptInput } from "./transcript-input";

/** The "New analysis" view: a transcript, the analyzers and options, Start, and a quick look. */
export function setupNewAnalysis() {
  const input = setupTranscriptInput();
  const picker = setupAnalyzerPicker();
  const error = $("#start-error");
  const button = $<HTMLButtonElement>("#start-button");
  setupRedactChoice();

  $("#new-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    if (input.uploading) {
      error.textContent = "The file is still being read; start again in a moment.";
      return;
    }
    const source = requireSource(input, error);
    if (!source) return;
    let options: ReturnType<typeof runOptions>;
    try {
      options = runOptions();
    } catch (e) {
      error.textContent = (e as Error).message;
      return;
    }
    const speakers = input.speakers();
    button.disabled = true;
    button.textContent = "Starting…";
    try {
      const answer = await api.analyze({
        ...source,
        ...(speakers ? { speakers } : {}),
        options,
        ...(picker.ready ? { selected: picker.selection() } : {}),
      });
      location.hash = `#/jobs/${answer.jobId}`;
    } catch (e) {
      error.textContent = errorText(e);
    } finally {
      button.disabled = false;
      button.textContent = "Start analysis";
    }
  });
  setupQuickLook(() => requireSource(input, error), error);

  return {
    /** Called each time the view is shown; loads the analyzers the first time. */
    show() {
      if (!picker.ready) void picker.load();
    },
  };
}

/** The transcript part of a request, or null after saying what is missing. */
function requireSource(input: TranscriptInput, error: HTMLElement) {
  const source = input.source();
  if (!source) {
    error.textContent =
      input.mode === "upload" ? "Upload a transcript file first." : "Paste a transcript first.";
    input.focus();
  }
  return source;
}
