import type { AnalyzerStatus, Stage } from "../../../../core/jobs/job";
import { analyzerName } from "../lib/analyzer-names";
import { fill, h } from "../lib/dom";
import { analysisArticle, type Output } from "./analysis-article";

const STAGE_TITLES: Record<Stage, string> = { final: "Final documents", B: "Stage B", A: "Stage A" };
const STATUS_MARKS: Record<AnalyzerStatus, string> = {
  completed: "✓",
  error: "✕",
  skipped: "–",
  cancelled: "–",
  running: "…",
  pending: "…",
};

/** The analyzers' outputs: a list by stage beside the one shown, the first finished one at first. */
export function analysesPanel(outputs: Output[], jobId: string) {
  if (outputs.length === 0)
    return h(
      "p",
      { class: "empty" },
      "No prompt analyzers ran in this job; see the insights and the computed analyses.",
    );
  const view = h("article", { class: "analysis" });
  const buttons = new Map<Output, HTMLButtonElement>();
  const show = (output: Output) => {
    for (const b of buttons.values()) b.removeAttribute("aria-current");
    buttons.get(output)?.setAttribute("aria-current", "true");
    fill(view, analysisArticle(output, jobId));
  };
  const stages = [...new Set(outputs.map((o) => o.stage))];
  const groups = stages.map((stage) =>
    h(
      "div",
      { class: "output-group" },
      h("h3", null, STAGE_TITLES[stage]),
      h(
        "ul",
        null,
        outputs
          .filter((o) => o.stage === stage)
          .map((o) => {
            const button = h(
              "button",
              {
                type: "button",
                class: "output-link",
                "data-status": o.status,
                "data-analyzer": o.id,
                onclick: () => show(o),
              },
              h("span", { class: "mark", "aria-hidden": "true" }, STATUS_MARKS[o.status]),
              h("span", null, analyzerName(o.id, o.name)),
              o.status !== "completed" ? h("span", { class: "visually-hidden" }, ` (${o.status})`) : null,
            );
            buttons.set(o, button);
            return h("li", null, button);
          }),
      ),
    ),
  );
  show(outputs.find((o) => o.status === "completed") ?? outputs[0]!);
  return h(
    "div",
    { class: "analyses" },
    h("nav", { class: "output-nav", "aria-label": "Analyzer outputs" }, groups),
    view,
  );
}
