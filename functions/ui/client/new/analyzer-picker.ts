import type { Selection } from "../../../../core/pipeline/request";
import { analyzerNames } from "../lib/analyzer-names";
import { api, type PromptOptions } from "../lib/api";
import { $, fill, h } from "../lib/dom";
import { plural } from "../lib/format";
import { errorText } from "../lib/request";
import { llmAvailable, onSessionChange } from "../session/session";
import { showModelDefaults } from "./run-options";
import { STAGE_KEYS, type StageKey, stageBox } from "./stage-box";

/**
 * The analyzers to run, per stage, from GET /api/prompt-options: every built-in checked at first,
 * all or none per stage, each with its description.
 */
export function setupAnalyzerPicker() {
  const root = $("#analyzer-stages");
  let loaded: PromptOptions | null = null;
  const boxes = (key: StageKey) => [...root.querySelectorAll<HTMLInputElement>(`input[data-stage="${key}"]`)];

  const update = () => {
    let selected = 0;
    let total = 0;
    for (const key of STAGE_KEYS) {
      const all = boxes(key);
      const on = all.filter((b) => b.checked).length;
      selected += on;
      total += all.length;
      const label = root.querySelector(`[data-count="${key}"]`);
      if (label) label.textContent = `${on} of ${all.length}`;
    }
    $("#analyzer-count").textContent = total ? `${selected} of ${total} selected` : "";
    $("#start-summary").textContent = !llmAvailable()
      ? "Only the computed analyses will run."
      : selected === 0
        ? "No analyzers chosen: only the computed analyses and insights will run."
        : `${plural(selected, "analyzer")}, then insights.`;
    // Context options only matter for a stage that runs.
    $("#opt-b-transcript").closest("fieldset")!.disabled = !boxes("stageB").some((b) => b.checked);
    $("#opt-final-transcript").closest("fieldset")!.disabled = !boxes("final").some((b) => b.checked);
  };

  const setAll = (key: StageKey, on: boolean) => {
    for (const box of boxes(key)) box.checked = on;
    update();
  };
  const render = (options: PromptOptions) => {
    for (const a of STAGE_KEYS.flatMap((key) => options.stages[key])) analyzerNames.set(a.id, a.name);
    fill(
      root,
      STAGE_KEYS.map((key) => stageBox(key, options.stages[key], setAll, update)),
    );
    showModelDefaults(options.defaults.models);
    root.removeAttribute("aria-busy");
    update();
  };
  onSessionChange(() => {
    if (loaded) update();
  });

  let pending: Promise<void> | null = null;
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
      loaded = await api.promptOptions();
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
    /** The checked analyzers' ids per stage. */
    selection: (): Selection =>
      Object.fromEntries(
        STAGE_KEYS.map((key) => [
          key,
          boxes(key)
            .filter((b) => b.checked)
            .map((b) => b.value),
        ]),
      ),
  };
}
