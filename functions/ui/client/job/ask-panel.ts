import type { AnswerPart } from "../../../../core/ask/model";
import { type AskTurn, api, askPath } from "../lib/api";
import { announce, fill, h } from "../lib/dom";
import { errorText, postStream } from "../lib/request";
import { citeLink } from "./segment-link";

/**
 * Ask the meeting: a question box, the thread so far, and the answer streaming in as the model
 * writes it; once checked, its `[seg-N]` citations are links that show the segment in the
 * transcript (`onCited` marks every cited segment there). Without a model, an extract, labelled.
 */
export function askPanel(jobId: string, onCited: (segmentIds: string[]) => void): HTMLElement {
  const thread = h("ol", { class: "ask-thread", "aria-label": "Questions and answers" });
  const input = h("textarea", {
    id: "ask-question",
    rows: "2",
    maxlength: "2000",
    placeholder: "What did they decide about…?",
  });
  const error = h("p", { class: "error-text", role: "alert" });
  const button = h("button", { class: "button primary", type: "submit", id: "ask-submit" }, "Ask");
  const form = h(
    "form",
    { class: "ask-form", id: "ask-form" },
    h("label", { for: "ask-question" }, "Ask this meeting"),
    input,
    h("div", { class: "ask-actions" }, button),
    error,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void ask(input.value);
  });

  const ask = async (question: string) => {
    error.textContent = "";
    button.disabled = true;
    const answer = h("div", { class: "ask-answer", "aria-live": "polite" });
    const item = h("li", { class: "ask-turn" }, h("p", { class: "ask-q" }, question), answer);
    thread.append(item);
    let text = "";
    try {
      await postStream(askPath(jobId), { question }, (event, data) => {
        if (event === "delta") {
          text += (data as { text: string }).text;
          answer.textContent = text;
        } else if (event === "answer") {
          fill(answer, ...turnBody((data as { turn: AskTurn }).turn));
          const cited = citedIds((data as { turn: AskTurn }).turn);
          if (cited.length > 0) onCited(cited);
          announce("The answer is ready.");
        } else if (event === "error") {
          error.textContent = (data as { error: { message: string } }).error.message;
        }
      });
      input.value = "";
    } catch (e) {
      item.remove();
      error.textContent = errorText(e);
    } finally {
      button.disabled = false;
    }
  };

  void api
    .thread(jobId)
    .then(({ thread: turns }) => {
      for (const turn of turns)
        thread.append(
          h(
            "li",
            { class: "ask-turn" },
            h("p", { class: "ask-q" }, turn.question),
            h("div", { class: "ask-answer" }, turnBody(turn)),
          ),
        );
    })
    .catch(() => {});

  return h(
    "section",
    { class: "ask-panel", "aria-labelledby": "ask-title" },
    h("h3", { id: "ask-title" }, "Ask"),
    thread,
    form,
  );
}

const citedIds = (turn: AskTurn) => [
  ...new Set([
    ...(turn.answer?.citations ?? []).map((c) => c.segmentId),
    ...(turn.answer?.extracts ?? []).map((x) => x.segmentId),
  ]),
];

function turnBody(turn: AskTurn): Node[] {
  const out: Node[] = [];
  const answer = turn.answer;
  if (answer) {
    out.push(h("p", { class: "hint ask-label" }, answer.label));
    if (answer.mode === "extract") {
      out.push(
        h(
          "ul",
          { class: "ask-extracts" },
          (answer.extracts ?? []).map((x) =>
            h(
              "li",
              null,
              citeLink(x.segmentId),
              ` ${x.speaker}: `,
              x.sentence.map((p) => (p.match ? h("mark", null, p.text) : p.text)),
            ),
          ),
        ),
      );
    } else out.push(h("p", { class: "ask-text" }, answer.parts.map(partNode)));
  } else {
    if (turn.partial) out.push(h("p", { class: "ask-text" }, turn.partial));
    if (turn.error) out.push(h("p", { class: "error-text" }, `The answer stopped: ${turn.error.message}`));
  }
  return out;
}

function partNode(part: AnswerPart): Node | string {
  if (part.kind === "text") return part.text;
  if (part.kind === "cite") return citeLink(part.segmentId);
  return h(
    "q",
    {
      class: part.found ? "quote" : "quote unverified",
      title: part.found ? null : "Not found in the cited segment",
    },
    part.text,
  );
}
