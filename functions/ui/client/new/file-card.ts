import type { UploadAnswer } from "../lib/api";
import { h } from "../lib/dom";
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
    h("dl", { class: "file-details" }, detail("Title", answer.title), detail("Date", answer.date)),
  );
}
