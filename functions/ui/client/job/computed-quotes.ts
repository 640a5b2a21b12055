import type { ComputedAnalyses } from "../../../../core/computed";
import { h } from "../lib/dom";
import { formatInteger, plural } from "../lib/format";
import { card } from "./computed-card";
import type { Cite } from "./segment-link";

/** The computed analyses that quote the transcript, each line citing its segment. */

const QUESTIONS_SHOWN = 12;

type Quote = { segmentId: string; speaker: string; text: string };
const quote = (q: Quote, cite: Cite) =>
  h("li", null, cite(q.segmentId), " ", h("strong", null, `${q.speaker}:`), " ", q.text);

export function summaryCard(sentences: ComputedAnalyses["summary"], cite: Cite) {
  return card(
    "Extractive summary",
    sentences.length === 0
      ? h("p", { class: "hint" }, "The transcript is too short to summarize.")
      : h(
          "ol",
          { class: "quote-list" },
          sentences.map((s) => quote(s, cite)),
        ),
  );
}

export function topicsCard(topics: ComputedAnalyses["topics"], cite: Cite) {
  const topic = (t: (typeof topics)[number]) =>
    h(
      "li",
      null,
      h("strong", null, t.title),
      h("span", { class: "topic-range" }, cite(t.startSegment), " – ", cite(t.endSegment)),
      t.keywords.length ? h("span", { class: "hint" }, t.keywords.join(", ")) : null,
    );
  return card(
    "Topics",
    topics.length === 0
      ? h("p", { class: "hint" }, "No topic boundaries found.")
      : h("ol", { class: "topic-list" }, topics.map(topic)),
  );
}

export function questionsCard(questions: ComputedAnalyses["questions"], cite: Cite) {
  const first = questions.slice(0, QUESTIONS_SHOWN);
  const rest = questions.slice(QUESTIONS_SHOWN);
  return card(
    `Questions asked (${formatInteger(questions.length)})`,
    questions.length === 0
      ? h("p", { class: "hint" }, "No questions found.")
      : h(
          "ol",
          { class: "quote-list" },
          first.map((q) => quote(q, cite)),
        ),
    rest.length > 0
      ? h(
          "details",
          null,
          h("summary", null, `Show ${plural(rest.length, "more question")}`),
          h(
            "ol",
            { class: "quote-list", start: String(QUESTIONS_SHOWN + 1) },
            rest.map((q) => quote(q, cite)),
          ),
        )
      : null,
  );
}
