import type { ExportFormat } from "../../../../core/exports/formats";
import { STAGES } from "../../../../core/jobs/job";
import { api, type JobResults, links, viewerShare } from "../lib/api";
import { announce, fill, h } from "../lib/dom";
import { tabs } from "../lib/tabs";
import { analysesPanel } from "./analyses-panel";
import type { Output } from "./analysis-article";
import { askPanel } from "./ask-panel";
import { renderComputed } from "./computed-view";
import { renderInsights } from "./insights-view";
import { sharePanel } from "./share-panel";
import { renderTranscript } from "./transcript-view";

const EXPORTS: Record<ExportFormat, string> = {
  md: "Markdown",
  json: "JSON",
  csv: "Insights CSV",
  obsidian: "Obsidian note",
  zip: "Everything (.zip)",
};
/** The documents first: a reader wants the meeting notes before the analyses they were made from. */
const READING_ORDER = [...STAGES].reverse();

/**
 * A job's results: each analyzer's output, the insights table and the computed analyses in tabs,
 * the transcript beside them, and the export links. A click on a `[seg-N]` citation anywhere
 * scrolls the transcript to that segment and highlights it.
 */
export function renderResults(
  root: HTMLElement,
  data: JobResults,
  options: { segment?: string; onRenamed?: () => void } = {},
): void {
  // A reader who came by a share link reads; renaming the speakers is the owner's.
  const rename =
    viewerShare === null
      ? async (renames: Record<string, string>) => {
          await api.renameSpeakers(data.jobId, renames);
          announce("Speakers renamed.");
          options.onRenamed?.();
        }
      : undefined;
  const transcript = renderTranscript(data.transcript, data.jobId, rename);
  const outputs: Output[] = READING_ORDER.flatMap((stage) =>
    Object.entries(data.outputs[stage]).map(([id, out]) => ({ ...out, id, stage })),
  );
  const view = tabs("Result views", [
    {
      id: "analyses",
      label: "Analyses",
      count: outputs.length,
      render: () => analysesPanel(outputs, data.jobId, data.language),
    },
    {
      id: "insights",
      label: "Insights",
      count: data.insights.items.length,
      render: () => renderInsights(data.insights, data.language),
    },
    {
      id: "computed",
      label: "Computed",
      render: () => renderComputed(data.computed, data.transcript.speakers),
    },
    {
      id: "ask",
      label: "Ask",
      render: () =>
        askPanel(data.jobId, (ids) => {
          transcript.markCited(ids);
          transcript.focusSegment(ids[0]!);
        }),
    },
  ]);
  fill(
    root,
    h(
      "div",
      { class: "results-head" },
      h("h2", { id: "results-title" }, "Results"),
      exportsBar(data.jobId),
      // Only the owner makes links; a reader who came by one sees the job and nothing to share.
      viewerShare ? null : sharePanel(data.jobId),
    ),
    data.notes.length
      ? h(
          "ul",
          { class: "notes" },
          data.notes.map((n) => h("li", null, n)),
        )
      : null,
    h(
      "div",
      { class: "results-layout" },
      h("div", { class: "results-main card" }, view.tablist, view.panels),
      transcript.element,
    ),
  );
  root.onclick = (e) => {
    const link = (e.target as Element).closest?.<HTMLElement>("a.cite[data-seg]");
    if (!link?.dataset.seg) return;
    e.preventDefault();
    const id = link.dataset.seg;
    void transcript.focusSegment(id).then((found) => {
      if (found) announce(`Showing ${id} in the transcript.`);
    });
  };
  // Open where there is something to read: an analyzer's output, else the insights, else the computed analyses.
  const anyOutput = outputs.some((o) => o.status === "completed");
  view.select(anyOutput ? 0 : data.insights.items.length > 0 ? 1 : 2);
  // Opened from a search result: at its segment.
  if (options.segment) transcript.focusSegment(options.segment);
}

function exportsBar(jobId: string) {
  return h(
    "div",
    { class: "exports" },
    h("span", { class: "exports-label", id: "exports-label" }, "Export"),
    h(
      "ul",
      { "aria-labelledby": "exports-label" },
      (Object.entries(EXPORTS) as Array<[ExportFormat, string]>).map(([format, label]) =>
        h(
          "li",
          null,
          h("a", { class: "button small", href: links.export(jobId, format), download: "" }, label),
        ),
      ),
    ),
  );
}
