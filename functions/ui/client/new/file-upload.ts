import { TRANSCRIPT_EXTENSIONS } from "../../../../core/transcript/detect";
import { api, type UploadAnswer } from "../lib/api";
import { $, announce, fill, h } from "../lib/dom";
import { formatSize } from "../lib/format";
import { errorText } from "../lib/request";
import { changedSpeakerNames } from "../lib/speaker-fields";
import { session } from "../session/session";
import { acceptDrops } from "./drop-target";
import { fileCard } from "./file-card";
import { describeTranscript } from "./transcript-words";

const ACCEPTED = TRANSCRIPT_EXTENSIONS.map((e) => `.${e}`);

/**
 * A transcript file, chosen or dropped on the form, uploaded to POST /api/uploads at once, so a
 * file the server cannot read is refused now, with what it read from it shown when it can.
 */
export function setupFileUpload(onFile: () => void) {
  const input = $<HTMLInputElement>("#file-input");
  const dropzone = $("#dropzone");
  const result = $("#file-result");
  input.accept = ACCEPTED.join(",");
  $("#upload-limit").textContent = formatSize(session.maxUploadBytes);
  let upload: Pick<UploadAnswer, "fileId" | "fileName"> | null = null;
  let uploading = false;

  const showError = (message: string) => fill(result, h("p", { class: "error-box", role: "alert" }, message));

  async function read(file: File) {
    onFile();
    upload = null;
    const dot = file.name.lastIndexOf(".");
    if (dot < 0 || !TRANSCRIPT_EXTENSIONS.includes(file.name.slice(dot + 1).toLowerCase())) {
      showError(`${file.name} is not a transcript this tool reads. Use ${ACCEPTED.join(", ")}.`);
      return;
    }
    if (file.size > session.maxUploadBytes) {
      showError(
        `${file.name} is ${formatSize(file.size)}; the limit is ${formatSize(session.maxUploadBytes)}.`,
      );
      return;
    }
    uploading = true;
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
      const answer = await api.upload(file);
      upload = { fileId: answer.fileId, fileName: answer.fileName };
      fill(result, fileCard(file, answer, remove));
      announce(`${file.name} read: ${describeTranscript(answer)}.`);
    } catch (e) {
      showError(`${file.name} could not be read. ${errorText(e)}`);
    } finally {
      uploading = false;
      dropzone.classList.remove("busy");
      input.value = "";
    }
  }
  const remove = () => {
    upload = null;
    result.replaceChildren();
    input.focus();
  };

  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) void read(file);
  });
  acceptDrops($<HTMLFormElement>("#new-form"), dropzone, onFile, read);

  return {
    get upload() {
      return upload;
    },
    get uploading() {
      return uploading;
    },
    /** The speaker names given in the uploaded file's card, if any were changed. */
    renames: () => (upload ? changedSpeakerNames(result) : undefined),
    focus: () => input.focus(),
  };
}
