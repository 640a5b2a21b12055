import type { AnalyzerState } from "../jobs/job";
import type { JobView } from "../jobs/job-view";
import { insightsMarkdown } from "../pipeline/insights-files";
import {
  cell,
  demoteHeadings,
  formatCost,
  formatPercent,
  formatSeconds,
  inline,
  jobDate,
  jobTitle,
  nestHeadings,
  section,
  splitFrontMatter,
  unfinishedNote,
} from "./markdown-text";

const STAGE_NAMES = { A: "Stage A", B: "Stage B", final: "Final", insights: "Insights" } as const;

/**
 * One readable report of a job: what the meeting was (title, date, speakers, topics, summary),
 * what came of it (insights), each analyzer's output, and what it cost.
 */
export function markdownExport(b: JobView): string {
  const out: string[] = [`# ${jobTitle(b)}`, "", header(b), ""];
  const note = unfinishedNote(b);
  if (note) out.push(`> **Note:** ${note}`, "");
  out.push(...speakers(b), ...topics(b), ...summary(b), ...insights(b), ...analyses(b), ...usage(b));
  out.push(...notes(b));
  return `${out.join("\n").trimEnd()}\n`;
}

function header(b: JobView): string {
  const s = b.doc.source;
  const source = [
    s.fileName ? `${inline(s.fileName)} (${s.format})` : s.format,
    `${s.segments} segments`,
    `${s.words} words`,
    ...(b.transcript.durationSeconds ? [formatSeconds(b.transcript.durationSeconds)] : []),
  ].join(", ");
  return [`Date: ${jobDate(b)}`, `Job: ${b.doc.jobId}`, `Status: ${b.doc.status}`, `Source: ${source}`].join(
    " · ",
  );
}

function speakers(b: JobView): string[] {
  const table = [
    "| Speaker | Turns | Words | Share of words | Talk time | Questions |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  return section(
    "Speakers",
    b.computed.speakerStats,
    (s) =>
      `| ${cell(s.speaker)} | ${s.turns} | ${s.words} | ${formatPercent(s.share)} | ${
        s.talkTimeSeconds === null ? "–" : formatSeconds(s.talkTimeSeconds)
      } | ${s.questions} |`,
    table,
  );
}

const topics = (b: JobView) =>
  section(
    "Topics",
    b.computed.topics,
    (t, i) =>
      `${i + 1}. **${inline(t.title)}** (${t.startSegment}–${t.endSegment})${
        t.keywords.length > 0 ? `: ${t.keywords.map(inline).join(", ")}` : ""
      }`,
  );

const summary = (b: JobView) =>
  section("Summary", b.computed.summary, (s) => `- ${inline(s.text)} (${inline(s.speaker)}, ${s.segmentId})`);

function insights(b: JobView): string[] {
  const { report, provisional } = b.insights;
  const lines = demoteHeadings(insightsMarkdown(report), 1).trimEnd().split("\n");
  if (provisional) {
    lines.splice(
      1,
      0,
      "",
      "_Provisional: the insights step has not run yet, so these items come from keyword rules only._",
    );
  }
  return [...lines, ""];
}

function analyses(b: JobView): string[] {
  const out = ["## Analyses", ""];
  if (b.outputs.length === 0) {
    const reason = b.doc.llm.enabled ? "No analyzer has finished yet." : (b.doc.llm.reason ?? "");
    out.push(inline(`No analyzer output. ${reason}`), "");
    return out;
  }
  for (const o of b.outputs) {
    out.push(`### ${STAGE_NAMES[o.stage]}: ${inline(o.name)}`, "");
    out.push(nestHeadings(splitFrontMatter(o.text).body.trim(), 3), "");
  }
  return out;
}

function usage(b: JobView): string[] {
  const states: AnalyzerState[] = [
    ...(["A", "B", "final"] as const).flatMap((stage) => Object.values(b.doc.stages[stage].analyzers)),
    b.doc.stages.insights,
  ];
  const out = [
    "## Usage and cost",
    "",
    "| Stage | Analyzer | Status | Model | Input tokens | Cached | Output tokens | Reasoning | Cost | Time |",
    "|---|---|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const s of states) {
    const u = s.usage;
    out.push(
      `| ${STAGE_NAMES[s.stage]} | ${cell(s.name)} | ${s.status} | ${cell(s.model ?? "")} | ${u?.inputTokens ?? ""} | ${
        u?.cachedInputTokens ?? ""
      } | ${u?.outputTokens ?? ""} | ${u?.reasoningTokens ?? ""} | ${formatCost(s.costUsd)} | ${
        s.durationMs === undefined ? "" : formatSeconds(s.durationMs / 1000)
      } |`,
    );
  }
  out.push("");
  const t = b.doc.totals;
  if (t) {
    const unpriced = t.unpricedCalls > 0 ? ` (${t.unpricedCalls} calls to unpriced models not included)` : "";
    out.push(
      `Total: ${t.calls} calls, ${t.usage.inputTokens} input tokens (${t.usage.cachedInputTokens} cached), ` +
        `${t.usage.outputTokens} output tokens (${t.usage.reasoningTokens} reasoning), ${formatCost(t.costUsd)}${unpriced}.`,
      "",
    );
  }
  return out;
}

function notes(b: JobView): string[] {
  const items = [
    ...b.doc.notes.map(inline),
    ...(b.doc.error ? [`The job failed: ${inline(b.doc.error.message)} (${b.doc.error.code})`] : []),
    ...b.doc.errors.map((e) => `${e.analyzer ? `${e.analyzer}: ` : ""}${inline(e.message)} (${e.code})`),
  ];
  if (items.length === 0) return [];
  return ["## Notes", "", ...items.map((n) => `- ${n}`), ""];
}
