/**
 * The analyzers to run, per stage, from GET /api/prompt-options: every built-in checked at
 * first, all/none per stage, each with its description; and the run options beside them.
 */
import { api, errorText } from "./api.js";
import { $, fill, h } from "./dom.js";
import { plural } from "./format.js";
import { llmAvailable } from "./session.js";

export const STAGES = [
  { key: "stageA", title: "Stage A", subtitle: "reads the transcript" },
  { key: "stageB", title: "Stage B", subtitle: "reads Stage A's findings" },
  { key: "final", title: "Final documents", subtitle: "read everything before" },
];

const MODEL_NAME = /^[A-Za-z0-9._:/-]{1,100}$/;

/** Analyzer names by id, for the progress and results views; filled once the options load. */
export const analyzerNames = new Map();

export function setupAnalyzerPicker() {
  const root = $("#analyzer-stages");
  const counter = $("#analyzer-count");
  let loaded = null;

  const boxes = (key) => [...root.querySelectorAll(`input[data-stage="${key}"]`)];

  const update = () => {
    let selected = 0;
    let total = 0;
    for (const stage of STAGES) {
      const all = boxes(stage.key);
      const on = all.filter((b) => b.checked).length;
      selected += on;
      total += all.length;
      const label = root.querySelector(`[data-count="${stage.key}"]`);
      if (label) label.textContent = `${on} of ${all.length}`;
    }
    counter.textContent = total ? `${selected} of ${total} selected` : "";
    $("#start-summary").textContent = !llmAvailable()
      ? "Only the computed analyses will run."
      : selected === 0
        ? "No analyzers chosen: only the computed analyses and insights will run."
        : `${plural(selected, "analyzer")}, then insights.`;
    // Context options only matter for a stage that runs.
    $("#opt-b-transcript").closest("fieldset").disabled = !boxes("stageB").some((b) => b.checked);
    $("#opt-final-transcript").closest("fieldset").disabled = !boxes("final").some((b) => b.checked);
  };

  function render(options) {
    const stages = options.stages ?? {};
    fill(
      root,
      STAGES.map((stage) => {
        const analyzers = stages[stage.key] ?? [];
        for (const a of analyzers) analyzerNames.set(a.id, a.name);
        const setAll = (on) => {
          for (const box of boxes(stage.key)) box.checked = on;
          update();
        };
        return h(
          "fieldset",
          { class: "stage-box" },
          h(
            "legend",
            null,
            h("span", { class: "stage-title" }, stage.title),
            " ",
            h("span", { class: "stage-sub" }, stage.subtitle),
          ),
          h(
            "div",
            { class: "stage-tools" },
            h("span", { class: "hint", "data-count": stage.key }),
            h(
              "button",
              {
                class: "button small ghost",
                type: "button",
                onclick: () => setAll(true),
                "aria-label": `Select all of ${stage.title}`,
              },
              "All",
            ),
            h(
              "button",
              {
                class: "button small ghost",
                type: "button",
                onclick: () => setAll(false),
                "aria-label": `Select none of ${stage.title}`,
              },
              "None",
            ),
          ),
          analyzers.length === 0
            ? h("p", { class: "hint" }, "No analyzers in this stage.")
            : h(
                "ul",
                { class: "analyzer-list" },
                analyzers.map((a) =>
                  h(
                    "li",
                    null,
                    h(
                      "label",
                      { class: "analyzer-option" },
                      h("input", {
                        type: "checkbox",
                        value: a.id,
                        "data-stage": stage.key,
                        checked: a.builtin !== false,
                        onchange: update,
                      }),
                      h(
                        "span",
                        { class: "analyzer-text" },
                        h(
                          "span",
                          { class: "analyzer-name" },
                          a.name ?? a.id,
                          a.builtin === false ? h("span", { class: "tag" }, "custom") : null,
                        ),
                        a.description ? h("span", { class: "analyzer-desc" }, a.description) : null,
                      ),
                    ),
                  ),
                ),
              ),
        );
      }),
    );
    const models = options.defaults?.models ?? {};
    $("#opt-model-a").placeholder = models.stageA ?? "server default";
    $("#opt-model-b").placeholder = models.stageB ?? "server default";
    $("#opt-model-final").placeholder = models.final ?? "server default";
    root.removeAttribute("aria-busy");
    update();
  }

  window.addEventListener("ta:llm", () => {
    if (loaded) update();
  });

  let pending = null;
  const load = () => {
    pending ??= fetchOptions().finally(() => {
      pending = null;
    });
    return pending;
  };

  async function fetchOptions() {
    root.setAttribute("aria-busy", "true");
    fill(root, h("p", { class: "hint" }, "Loading analyzers…"));
    try {
      loaded = await api("/api/prompt-options");
      render(loaded);
    } catch (e) {
      loaded = null;
      fill(
        root,
        h(
          "div",
          { class: "error-box", role: "alert" },
          `The analyzers could not be loaded. ${errorText(e)} `,
          h("button", { class: "button small", type: "button", onclick: () => void load() }, "Try again"),
        ),
      );
    }
  }

  return {
    load,
    get ready() {
      return loaded !== null;
    },
    /** `{stageA, stageB, final}` of the checked ids. */
    selection() {
      return Object.fromEntries(
        STAGES.map((s) => [
          s.key,
          boxes(s.key)
            .filter((b) => b.checked)
            .map((b) => b.value),
        ]),
      );
    },
    /** The request's `options`; throws a message for a person when a field is wrong. */
    options() {
      const models = {};
      for (const [key, id] of [
        ["stageA", "#opt-model-a"],
        ["stageB", "#opt-model-b"],
        ["final", "#opt-model-final"],
      ]) {
        const value = $(id).value.trim();
        if (!value) continue;
        if (!MODEL_NAME.test(value)) {
          $(id).focus();
          throw new Error(`"${value}" is not a model name: letters, digits and . _ : / - only.`);
        }
        models[key] = value;
      }
      return {
        stageBOptions: { includeTranscript: $("#opt-b-transcript").checked, mode: $("#opt-b-mode").value },
        finalOptions: {
          includeTranscript: $("#opt-final-transcript").checked,
          mode: $("#opt-final-mode").value,
        },
        insights: $("#opt-insights").checked,
        ...(Object.keys(models).length > 0 ? { models } : {}),
      };
    },
  };
}
