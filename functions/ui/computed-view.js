/**
 * The computed analyses, which need no model: talk share per speaker, topics with their segment
 * ranges, keywords, the extractive summary, the questions asked and the linguistic profile.
 */
import { h, table } from "./dom.js";
import { formatClock, formatInteger, formatPercent, plural } from "./format.js";
import { citeLink, speakerHue } from "./transcript-view.js";

const QUESTIONS_SHOWN = 12;
const PROFILE_COLUMNS = [
  ["i", "I"],
  ["we", "we"],
  ["you", "you"],
  ["negations", "negations"],
  ["certainty", "certainty"],
  ["tentative", "tentative"],
  ["positiveEmotion", "positive"],
  ["negativeEmotion", "negative"],
];

const card = (title, ...children) =>
  h("section", { class: "computed-card" }, h("h3", null, title), ...children);

/** `cite` makes the segment references: links to the transcript panel by default, plain ids where there is none. */
export function renderComputed(computed, transcript, { cite = citeLink } = {}) {
  if (!computed) return h("p", { class: "hint" }, "No computed analyses for this job.");
  const order = transcript?.speakers ?? [];
  const hue = (speaker) => speakerHue(Math.max(0, order.indexOf(speaker)));
  return h(
    "div",
    { class: "computed-grid" },
    speakersCard(computed.speakerStats ?? [], hue),
    summaryCard(computed.summary ?? [], cite),
    topicsCard(computed.topics ?? [], cite),
    keywordsCard(computed.keywords ?? []),
    questionsCard(computed.questions ?? [], cite),
    profileCard(computed.linguisticProfile ?? {}),
  );
}

export const plainSegmentId = (id) => h("span", { class: "seg-ref" }, id);

function speakersCard(stats, hue) {
  if (stats.length === 0) return card("Speakers", h("p", { class: "hint" }, "No speakers found."));
  return card(
    "Talk share",
    h(
      "ul",
      { class: "share-list" },
      stats.map((s) =>
        h(
          "li",
          { style: { "--hue": hue(s.speaker) } },
          h(
            "div",
            { class: "share-head" },
            h("strong", null, s.speaker),
            h("span", { class: "share-value" }, formatPercent(s.share)),
          ),
          h(
            "div",
            {
              class: "share-bar",
              role: "img",
              "aria-label": `${s.speaker}: ${formatPercent(s.share)} of the words`,
            },
            h("span", { style: { width: `${Math.max(1, Math.round(s.share * 100))}%` } }),
          ),
          h(
            "p",
            { class: "hint" },
            [
              plural(s.words, "word"),
              plural(s.turns, "turn"),
              s.talkTimeSeconds !== null && s.talkTimeSeconds !== undefined
                ? `${formatClock(s.talkTimeSeconds)} talking`
                : null,
              s.questions ? plural(s.questions, "question") : null,
            ]
              .filter(Boolean)
              .join(" · "),
          ),
        ),
      ),
    ),
  );
}

function summaryCard(sentences, cite) {
  return card(
    "Extractive summary",
    sentences.length === 0
      ? h("p", { class: "hint" }, "The transcript is too short to summarize.")
      : h(
          "ol",
          { class: "quote-list" },
          sentences.map((s) =>
            h("li", null, cite(s.segmentId), " ", h("strong", null, `${s.speaker}:`), " ", s.text),
          ),
        ),
  );
}

function topicsCard(topics, cite) {
  return card(
    "Topics",
    topics.length === 0
      ? h("p", { class: "hint" }, "No topic boundaries found.")
      : h(
          "ol",
          { class: "topic-list" },
          topics.map((t) =>
            h(
              "li",
              null,
              h("strong", null, t.title),
              h("span", { class: "topic-range" }, cite(t.startSegment), " – ", cite(t.endSegment)),
              t.keywords?.length ? h("span", { class: "hint" }, t.keywords.join(", ")) : null,
            ),
          ),
        ),
  );
}

function keywordsCard(keywords) {
  return card(
    "Keywords",
    keywords.length === 0
      ? h("p", { class: "hint" }, "None found.")
      : h(
          "ul",
          { class: "chips keywords" },
          keywords.map((k) =>
            h(
              "li",
              {
                class: "chip",
                style: { "--weight": (0.35 + 0.65 * (k.score ?? 0)).toFixed(2) },
                title: `score ${(k.score ?? 0).toFixed(2)}`,
              },
              k.term,
            ),
          ),
        ),
  );
}

function questionsCard(questions, cite) {
  const item = (q) => h("li", null, cite(q.segmentId), " ", h("strong", null, `${q.speaker}:`), " ", q.text);
  const first = questions.slice(0, QUESTIONS_SHOWN);
  const rest = questions.slice(QUESTIONS_SHOWN);
  return card(
    `Questions asked (${formatInteger(questions.length)})`,
    questions.length === 0
      ? h("p", { class: "hint" }, "No questions found.")
      : h("ol", { class: "quote-list" }, first.map(item)),
    rest.length > 0
      ? h(
          "details",
          null,
          h("summary", null, `Show ${plural(rest.length, "more question")}`),
          h("ol", { class: "quote-list", start: String(QUESTIONS_SHOWN + 1) }, rest.map(item)),
        )
      : null,
  );
}

function profileCard(profile) {
  const speakers = Object.entries(profile);
  if (speakers.length === 0)
    return card("Linguistic profile", h("p", { class: "hint" }, "Not enough words."));
  return card(
    "Linguistic profile",
    h(
      "p",
      { class: "hint" },
      "Words per 100 the speaker said. Small samples are noisy; read differences, not single values.",
    ),
    table(
      "profile-table",
      ["Speaker", ["words", "num"], ...PROFILE_COLUMNS.map(([, label]) => [label, "num"])],
      h(
        "tbody",
        null,
        speakers.map(([speaker, p]) =>
          h(
            "tr",
            null,
            h("th", { scope: "row" }, speaker),
            h("td", { class: "num" }, formatInteger(p.words)),
            PROFILE_COLUMNS.map(([key]) => h("td", { class: "num" }, ((p[key] ?? 0) * 100).toFixed(1))),
          ),
        ),
      ),
    ),
  );
}
