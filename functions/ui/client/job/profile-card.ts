import type { LinguisticProfile } from "../../../../core/computed/linguistic-profile";
import { PROFILE_CATEGORIES, PROFILE_LABELS } from "../../../../core/computed/profile-categories";
import { h, table } from "../lib/dom";
import { formatInteger } from "../lib/format";
import { card } from "./computed-card";

/** The linguistic profile: per speaker, the rate of each category per 100 words. */
export function profileCard(profile: LinguisticProfile) {
  const speakers = Object.entries(profile);
  if (speakers.length === 0)
    return card("Linguistic profile", h("p", { class: "hint" }, "Not enough words."));
  const row = ([speaker, p]: (typeof speakers)[number]) =>
    h(
      "tr",
      null,
      h("th", { scope: "row" }, speaker),
      h("td", { class: "num" }, formatInteger(p.words)),
      PROFILE_CATEGORIES.map((key) => h("td", { class: "num" }, (p[key] * 100).toFixed(1))),
    );
  return card(
    "Linguistic profile",
    h(
      "p",
      { class: "hint" },
      "Words per 100 the speaker said. Small samples are noisy; read differences, not single values.",
    ),
    table(
      "profile-table",
      [
        "Speaker",
        ["words", "num"],
        ...PROFILE_CATEGORIES.map((key) => [PROFILE_LABELS[key], "num"] as const),
      ],
      h("tbody", null, speakers.map(row)),
    ),
  );
}
