import { analyzerFile, type Stage } from "../../../../core/jobs/job";
import type { AnalyzerOutput } from "../../../../core/jobs/job-results";
import { analyzerName } from "../lib/analyzer-names";
import { links } from "../lib/api";
import { h } from "../lib/dom";
import { formatCost, formatDuration, formatTokens, usageTotal } from "../lib/format";
import { renderMarkdown } from "../lib/markdown";

/** An analyzer of the job with its stage, as the analyses panel lists it. */
export type Output = AnalyzerOutput & { id: string; stage: Stage };

/** One analyzer's output: its facts, its text as safe Markdown (or why there is none), copy and download. */
export function analysisArticle(o: Output, jobId: string) {
  const facts = [
    o.model,
    o.durationMs !== undefined ? formatDuration(o.durationMs) : null,
    o.usage ? `${formatTokens(usageTotal(o.usage))} tokens` : null,
    o.usage || o.costUsd !== undefined ? formatCost(o.costUsd) : null,
  ].filter(Boolean);
  const text = o.text;
  return [
    h(
      "header",
      { class: "analysis-head" },
      h("div", null, h("h3", null, analyzerName(o.id, o.name)), h("p", { class: "hint" }, facts.join(" · "))),
      h("div", { class: "analysis-tools" }, text ? [copyButton(text), downloadLink(o, jobId)] : null),
    ),
    text ? markdownBody(text) : statusNote(o),
  ];
}

function markdownBody(text: string) {
  const body = h("div", { class: "md" });
  // Safe: renderMarkdown escapes every character of the model's text before adding its own markup.
  body.innerHTML = renderMarkdown(text);
  return body;
}

function statusNote(o: Output) {
  if (o.status === "error")
    return h("p", { class: "error-box" }, `This analyzer failed: ${o.error?.message ?? "no reason given"}`);
  if (o.status === "skipped")
    return h("p", { class: "notice small" }, `Skipped: ${o.reason ?? "no model service was available"}.`);
  return h("p", { class: "hint" }, o.status === "cancelled" ? "Cancelled before it ran." : "No output yet.");
}

const copyButton = (text: string) =>
  h(
    "button",
    {
      class: "button small ghost",
      type: "button",
      onclick: async (e: MouseEvent) => {
        const button = e.currentTarget as HTMLButtonElement;
        try {
          await navigator.clipboard.writeText(text);
          button.textContent = "Copied";
        } catch {
          button.textContent = "Copy failed";
        }
      },
    },
    "Copy Markdown",
  );

const downloadLink = (o: Output, jobId: string) =>
  h(
    "a",
    {
      class: "button small ghost",
      href: links.file(jobId, analyzerFile(o.stage, o.id)),
      download: `${o.id}.md`,
    },
    "Download .md",
  );
