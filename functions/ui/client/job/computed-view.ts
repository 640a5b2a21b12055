import type { ComputedAnalyses } from "../../../../core/computed";
import { h } from "../lib/dom";
import { formatClock, formatPercent, plural } from "../lib/format";
import { card } from "./computed-card";
import { questionsCard, summaryCard, topicsCard } from "./computed-quotes";
import { profileCard } from "./profile-card";
import { type Cite, citeLink, speakerHue } from "./segment-link";

/**
 * The computed analyses, which need no model: talk share per speaker, the extractive summary,
 * topics with their segment ranges, keywords, the questions asked and the linguistic profile.
 * `speakers` orders the speakers' colours as the transcript does.
 */
export function renderComputed(
  computed: ComputedAnalyses | undefined,
  speakers: string[],
  cite: Cite = citeLink,
) {
  if (!computed) return h("p", { class: "hint" }, "No computed analyses for this job.");
  const hue = (speaker: string) => speakerHue(Math.max(0, speakers.indexOf(speaker)));
  return h(
    "div",
    { class: "computed-grid" },
    speakersCard(computed.speakerStats, hue),
    summaryCard(computed.summary, cite),
    topicsCard(computed.topics, cite),
    keywordsCard(computed.keywords),
    questionsCard(computed.questions, cite),
    profileCard(computed.linguisticProfile),
  );
}

function speakersCard(stats: ComputedAnalyses["speakerStats"], hue: (speaker: string) => number) {
  if (stats.length === 0) return card("Speakers", h("p", { class: "hint" }, "No speakers found."));
  const facts = (s: (typeof stats)[number]) =>
    [
      plural(s.words, "word"),
      plural(s.turns, "turn"),
      s.talkTimeSeconds !== null ? `${formatClock(s.talkTimeSeconds)} talking` : null,
      s.questions ? plural(s.questions, "question") : null,
    ]
      .filter(Boolean)
      .join(" · ");
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
          h("p", { class: "hint" }, facts(s)),
        ),
      ),
    ),
  );
}

function keywordsCard(keywords: ComputedAnalyses["keywords"]) {
  if (keywords.length === 0) return card("Keywords", h("p", { class: "hint" }, "None found."));
  const chip = (k: (typeof keywords)[number]) =>
    h(
      "li",
      {
        class: "chip",
        style: { "--weight": (0.35 + 0.65 * k.score).toFixed(2) },
        title: `score ${k.score.toFixed(2)}`,
      },
      k.term,
    );
  return card("Keywords", h("ul", { class: "chips keywords" }, keywords.map(chip)));
}
