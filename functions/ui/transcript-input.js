/**
 * The transcript of a new analysis: pasted text, or a file uploaded (chosen or dropped) to
 * POST /api/uploads, with what the server read from it shown at once.
 */
import { api, errorText } from "./api.js";
import { $, announce, fill, h } from "./dom.js";
import { formatInteger, plural } from "./format.js";

const MAX_BYTES = 10 * 1024 * 1024;
const EXTENSIONS = [".txt", ".md", ".markdown", ".vtt", ".srt", ".json", ".docx"];
const FORMAT_NAMES = {
  text: "Plain text",
  markdown: "Markdown",
  vtt: "WebVTT",
  srt: "SRT subtitles",
  json: "JSON",
  docx: "Word document",
};

const count = (value) => (Array.isArray(value) ? value.length : Number(value ?? 0));

/** What an upload answer says about the file, e.g. "WebVTT · 287 segments, 4 speakers". */
export function describeUpload(answer) {
  const format = FORMAT_NAMES[answer.format] ?? answer.format ?? "Transcript";
  return `${format} · ${plural(count(answer.segments), "segment")}, ${plural(count(answer.speakers), "speaker")}`;
}

export function setupTranscriptInput() {
  const text = $("#transcript-text");
  const pastePanel = $("#paste-panel");
  const uploadPanel = $("#upload-panel");
  const fileInput = $("#file-input");
  const dropzone = $("#dropzone");
  const result = $("#file-result");
  const pasteCount = $("#paste-count");
  const state = { mode: "paste", upload: null, uploading: false };

  const setMode = (mode) => {
    state.mode = mode;
    pastePanel.hidden = mode !== "paste";
    uploadPanel.hidden = mode !== "upload";
    for (const radio of document.querySelectorAll("input[name=input-mode]"))
      radio.checked = radio.value === mode;
  };
  for (const radio of document.querySelectorAll("input[name=input-mode]")) {
    radio.addEventListener("change", () => setMode(radio.value));
  }

  let counting = 0;
  text.addEventListener("input", () => {
    cancelAnimationFrame(counting);
    counting = requestAnimationFrame(() => {
      const words = text.value.trim() ? text.value.trim().split(/\s+/).length : 0;
      pasteCount.textContent = words ? `${plural(words, "word")}.` : "";
    });
  });

  const showError = (message) => {
    fill(result, h("p", { class: "error-box", role: "alert" }, message));
  };

  async function upload(file) {
    setMode("upload");
    state.upload = null;
    const dot = file.name.lastIndexOf(".");
    const extension = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
    if (!EXTENSIONS.includes(extension)) {
      showError(`${file.name} is not a transcript this tool reads. Use ${EXTENSIONS.join(", ")}.`);
      return;
    }
    if (file.size > MAX_BYTES) {
      showError(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB.`);
      return;
    }
    state.uploading = true;
    dropzone.classList.add("busy");
    fill(
      result,
      h(
        "p",
        { class: "file-reading" },
        h("span", { class: "spinner", "aria-hidden": "true" }),
        `Reading ${file.name}…`,
      ),
    );
    try {
      const form = new FormData();
      form.append("file", file, file.name);
      const answer = await api("/api/uploads", { method: "POST", form });
      state.upload = { fileId: answer.fileId, fileName: answer.fileName ?? file.name };
      renderFile(file, answer);
      announce(`${file.name} read: ${describeUpload(answer)}.`);
    } catch (e) {
      showError(`${file.name} could not be read. ${errorText(e)}`);
    } finally {
      state.uploading = false;
      dropzone.classList.remove("busy");
      fileInput.value = "";
    }
  }

  function renderFile(file, answer) {
    const speakers = Array.isArray(answer.speakers) ? answer.speakers : [];
    const details = [
      answer.title ? h("div", null, h("dt", null, "Title"), h("dd", null, answer.title)) : null,
      answer.date ? h("div", null, h("dt", null, "Date"), h("dd", null, answer.date)) : null,
      answer.words
        ? h("div", null, h("dt", null, "Words"), h("dd", null, formatInteger(answer.words)))
        : null,
    ];
    fill(
      result,
      h(
        "div",
        { class: "file-card" },
        h(
          "div",
          { class: "file-card-head" },
          h("span", { class: "file-icon", "aria-hidden": "true" }),
          h(
            "div",
            null,
            h("strong", { class: "file-name" }, file.name),
            h("p", { class: "file-summary" }, describeUpload(answer)),
          ),
          h(
            "button",
            {
              class: "button ghost small",
              type: "button",
              onclick: () => {
                state.upload = null;
                result.replaceChildren();
                fileInput.focus();
              },
            },
            "Remove",
          ),
        ),
        speakers.length > 0
          ? h(
              "ul",
              { class: "chips", "aria-label": "Speakers" },
              speakers.slice(0, 30).map((s) => h("li", { class: "chip" }, s)),
            )
          : null,
        h("dl", { class: "file-details" }, details),
      ),
    );
  }

  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    if (file) void upload(file);
  });

  // A file dropped anywhere on the form is taken; elsewhere the browser must not open it instead of the page.
  const form = $("#new-form");
  let depth = 0;
  form.addEventListener("dragenter", (e) => {
    if (!e.dataTransfer?.types.includes("Files")) return;
    depth++;
    dropzone.classList.add("dragging");
    setMode("upload");
  });
  form.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) dropzone.classList.remove("dragging");
  });
  for (const type of ["dragover", "drop"]) {
    window.addEventListener(type, (e) => {
      if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
    });
  }
  form.addEventListener("drop", (e) => {
    depth = 0;
    dropzone.classList.remove("dragging");
    const file = e.dataTransfer?.files?.[0];
    if (file) {
      e.preventDefault();
      void upload(file);
    }
  });

  return {
    /** The transcript part of the analyze request, or null when there is none yet. */
    source() {
      if (state.mode === "upload") return state.upload ? { ...state.upload } : null;
      return text.value.trim() ? { transcriptText: text.value } : null;
    },
    get uploading() {
      return state.uploading;
    },
    get mode() {
      return state.mode;
    },
    focus() {
      if (state.mode === "upload") fileInput.focus();
      else text.focus();
    },
  };
}
