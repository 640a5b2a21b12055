import type { UploadAnswer } from "../lib/api";
import { h } from "../lib/dom";
import { speakerFields } from "../lib/speaker-fields";
import { describeTranscript } from "./transcript-words";

/** What the server read from an uploaded file: its name, summary, speakers, title and date. */
export function fileCard(file: File, answer: UploadAnswer, remove: () => void) {
  const detail = (term: string, value: string | undefined) =>
    value ? h("div", null, h("dt", null, term), h("dd", null, value)) : null;
  return h(
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
        h("p", { class: "file-summary" }, describeTranscript(answer)),
      ),
      h("button", { class: "button ghost small", type: "button", onclick: remove }, "Remove"),
    ),
    answer.speakers.length > 0
      ? h(
          "ul",
          { class: "chips", "aria-label": "Speakers" },
          answer.speakers.slice(0, 30).map((s) => h("li", { class: "chip" }, s)),
        )
      : null,
    answer.speakers.length > 0 && answer.speakers.length <= MAX_NAMED ? speakerNames(answer.speakers) : null,
    h("dl", { class: "file-details" }, detail("Title", answer.title), detail("Date", answer.date)),
  );
}

/** More speakers than this are named after the analysis, in the results' transcript panel. */
export const MAX_NAMED = 30;

/**
 * A name field per detected speaker, read when the analysis starts (`changedSpeakerNames`): the
 * job then uses the names everywhere from the first call on. Two given one name become one speaker.
 */
export function speakerNames(speakers: readonly string[], prefix = "upload-speaker") {
  return h(
    "details",
    { class: "speaker-rename" },
    h("summary", null, "Name the speakers"),
    h("div", { class: "speaker-form" }, speakerFields(speakers, prefix)),
  );
}
