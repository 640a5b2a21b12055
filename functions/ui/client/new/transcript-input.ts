import type { TranscriptSource } from "../../../../core/pipeline/request";
import { $, $$ } from "../lib/dom";
import { plural } from "../lib/format";
import { changedSpeakerNames } from "../lib/speaker-fields";
import { setupFileUpload } from "./file-upload";

export type InputMode = "paste" | "upload";

/** The transcript of a new analysis: pasted text, or an uploaded file. */
export function setupTranscriptInput() {
  const text = $<HTMLTextAreaElement>("#transcript-text");
  const pasteCount = $("#paste-count");
  const radios = $$<HTMLInputElement>("input[name=input-mode]");
  let mode: InputMode = "paste";

  const setMode = (next: InputMode) => {
    mode = next;
    $("#paste-panel").hidden = mode !== "paste";
    $("#upload-panel").hidden = mode !== "upload";
    for (const radio of radios) radio.checked = radio.value === mode;
  };
  for (const radio of radios) radio.addEventListener("change", () => setMode(radio.value as InputMode));
  const file = setupFileUpload(() => setMode("upload"));

  let counting = 0;
  text.addEventListener("input", () => {
    cancelAnimationFrame(counting);
    counting = requestAnimationFrame(() => {
      const words = text.value.trim() ? text.value.trim().split(/\s+/).length : 0;
      pasteCount.textContent = words ? `${plural(words, "word")}.` : "";
    });
  });

  return {
    /** The transcript part of an analyze request, or null when there is none yet. */
    source(): TranscriptSource | null {
      if (mode === "upload") return file.upload ? { ...file.upload } : null;
      return text.value.trim() ? { transcriptText: text.value } : null;
    },
    /** Speaker names given in the upload's preview or the pasted text's quick look (detected → given), if any. */
    speakers(): Record<string, string> | undefined {
      if (mode === "upload") return file.renames();
      const look = $("#quick-look");
      return look.hidden ? undefined : changedSpeakerNames(look);
    },
    get uploading() {
      return file.uploading;
    },
    get mode() {
      return mode;
    },
    focus() {
      if (mode === "upload") file.focus();
      else text.focus();
    },
  };
}
export type TranscriptInput = ReturnType<typeof setupTranscriptInput>;
