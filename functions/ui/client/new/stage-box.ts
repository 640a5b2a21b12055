import type { Selection } from "../../../../core/pipeline/request";
import type { AnalyzerChoice } from "../../../../core/prompts/options";
import type { PromptOptions } from "../lib/api";
import { h } from "../lib/dom";

export type StageKey = keyof Selection & keyof PromptOptions["stages"];

export const STAGES: Record<StageKey, { title: string; subtitle: string }> = {
  stageA: { title: "Stage A", subtitle: "reads the transcript" },
  stageB: { title: "Stage B", subtitle: "reads Stage A's findings" },
  final: { title: "Final documents", subtitle: "read everything before" },
};
export const STAGE_KEYS = Object.keys(STAGES) as StageKey[];

/** One stage's analyzers as checkboxes, with All and None and a count of the checked ones. */
export function stageBox(
  key: StageKey,
  analyzers: AnalyzerChoice[],
  setAll: (key: StageKey, on: boolean) => void,
  onChange: () => void,
) {
  const { title, subtitle } = STAGES[key];
  const all = (on: boolean) =>
    h(
      "button",
      {
        class: "button small ghost",
        type: "button",
        onclick: () => setAll(key, on),
        "aria-label": `Select ${on ? "all" : "none"} of ${title}`,
      },
      on ? "All" : "None",
    );
  const option = (a: AnalyzerChoice) =>
    h(
      "li",
      null,
      h(
        "label",
        { class: "analyzer-option" },
        h("input", {
          type: "checkbox",
          value: a.id,
          "data-stage": key,
          checked: a.builtin,
          onchange: onChange,
        }),
        h(
          "span",
          { class: "analyzer-text" },
          h(
            "span",
            { class: "analyzer-name" },
            a.name,
            a.builtin ? null : h("span", { class: "tag" }, "custom"),
          ),
          a.description ? h("span", { class: "analyzer-desc" }, a.description) : null,
        ),
      ),
    );
  return h(
    "fieldset",
    { class: "stage-box" },
    h(
      "legend",
      null,
      h("span", { class: "stage-title" }, title),
      " ",
      h("span", { class: "stage-sub" }, subtitle),
    ),
    h(
      "div",
      { class: "stage-tools" },
      h("span", { class: "hint", "data-count": key }),
      all(true),
      all(false),
    ),
    analyzers.length === 0
      ? h("p", { class: "hint" }, "No analyzers in this stage.")
      : h("ul", { class: "analyzer-list" }, analyzers.map(option)),
  );
}
