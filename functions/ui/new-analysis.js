/** The "New analysis" view: a transcript, the analyzers and options, and Start. */
import { setupAnalyzerPicker } from "./analyzer-picker.js";
import { api, errorText } from "./api.js";
import { plainSegmentId, renderComputed } from "./computed-view.js";
import { $, fill, h } from "./dom.js";
import { describeUpload, setupTranscriptInput } from "./transcript-input.js";

export function setupNewAnalysis() {
  const input = setupTranscriptInput();
  const picker = setupAnalyzerPicker();
  const form = $("#new-form");
  const error = $("#start-error");
  const button = $("#start-button");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    if (input.uploading) {
      error.textContent = "The file is still being read; start again in a moment.";
      return;
    }
    const source = requireSource(input, error);
    if (!source) return;
    let options;
    try {
      options = picker.options();
    } catch (e) {
      error.textContent = e.message;
      return;
    }
    const body = { ...source, options, ...(picker.ready ? { selected: picker.selection() } : {}) };
    button.disabled = true;
    button.textContent = "Starting…";
    try {
      const answer = await api("/api/analyze", { method: "POST", json: body });
      location.hash = `#/jobs/${answer.jobId}`;
    } catch (e) {
      error.textContent = errorText(e);
    } finally {
      button.disabled = false;
      button.textContent = "Start analysis";
    }
  });

  setupQuickLook(input, error);

  return {
    /** Called each time the view is shown; loads the analyzers the first time. */
    show() {
      if (!picker.ready) void picker.load();
    },
  };
}

/** The transcript part of a request, or null after saying what is missing. */
function requireSource(input, error) {
  const source = input.source();
  if (!source) {
    error.textContent =
      input.mode === "upload" ? "Upload a transcript file first." : "Paste a transcript first.";
    input.focus();
  }
  return source;
}

/** "Quick look": the computed analyses at once (POST /api/analyze-now), no model and no job. */
function setupQuickLook(input, error) {
  const button = $("#quick-button");
  const panel = $("#quick-look");
  $("#quick-close").addEventListener("click", () => {
    panel.hidden = true;
    button.focus();
  });
  button.addEventListener("click", async () => {
    error.textContent = "";
    const source = requireSource(input, error);
    if (!source) return;
    button.disabled = true;
    try {
      const answer = await api("/api/analyze-now", { method: "POST", json: { ...source, sayMeans: false } });
      const transcript = answer.transcript ?? {};
      $("#quick-meta").textContent = describeUpload(transcript);
      fill(
        $("#quick-body"),
        renderComputed(answer.computed, transcript, { cite: plainSegmentId }),
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
