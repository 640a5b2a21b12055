import type { AnalyzerState } from "../jobs/job";
import type { JobView } from "../jobs/job-view";
import { labelsFor } from "../language/labels";
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

/**
 * One readable report of a job: what the meeting was (title, date, speakers, topics, summary),
 * what came of it (insights), each analyzer's output, and what it cost.
 */
export function markdownExport(b: JobView): string {
  const L = labelsFor(b.language);
  const out: string[] = [`# ${jobTitle(b)}`, "", header(b), ""];
  const note = unfinishedNote(b);
  if (note) out.push(`> **${L.note}:** ${note}`, "");
  out.push(...speakers(b), ...topics(b), ...summary(b), ...insights(b), ...analyses(b), ...usage(b));
  out.push(...notes(b));
  return `${out.join("\n").trimEnd()}\n`;
}

function header(b: JobView): string {
  const L = labelsFor(b.language).header;
  const s = b.doc.source;
  const source = [
    s.fileName ? `${inline(s.fileName)} (${s.format})` : s.format,
    `${s.segments} ${L.segments}`,
    `${s.words} ${L.words}`,
    ...(b.transcript.durationSeconds ? [formatSeconds(b.transcript.durationSeconds)] : []),
  ].join(", ");
  return [
    `${L.date}: ${jobDate(b)}`,
    `${L.job}: ${b.doc.jobId}`,
    `${L.status}: ${b.doc.status}`,
    `${L.source}: ${source}`,
  ].join(" · ");
}

function speakers(b: JobView): string[] {
  const L = labelsFor(b.language);
  const table = [`| ${L.speakerTable.join(" | ")} |`, "|---|---:|---:|---:|---:|---:|"];
  return section(
    L.speakers,
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
    labelsFor(b.language).topics,
    b.computed.topics,
    (t, i) =>
      `${i + 1}. **${inline(t.title)}** (${t.startSegment}–${t.endSegment})${
        t.keywords.length > 0 ? `: ${t.keywords.map(inline).join(", ")}` : ""
      }`,
  );

const summary = (b: JobView) =>
  section(
    labelsFor(b.language).summary,
    b.computed.summary,
    (s) => `- ${inline(s.text)} (${inline(s.speaker)}, ${s.segmentId})`,
  );

function insights(b: JobView): string[] {
  const L = labelsFor(b.language);
  const { report, provisional } = b.insights;
  const lines = demoteHeadings(insightsMarkdown(report, undefined, L), 1)
    .trimEnd()
    .split("\n");
  if (provisional) lines.splice(1, 0, "", `_${L.provisional}_`);
  return [...lines, ""];
}

function analyses(b: JobView): string[] {
  const L = labelsFor(b.language);
  const out = [`## ${L.analyses}`, ""];
  if (b.outputs.length === 0) {
    const reason = b.doc.llm.enabled ? L.noneFinished : (b.doc.llm.reason ?? "");
    out.push(inline(`${L.noOutput} ${reason}`), "");
    return out;
  }
  for (const o of b.outputs) {
    out.push(`### ${L.stages[o.stage]}: ${inline(o.name)}`, "");
    out.push(nestHeadings(splitFrontMatter(o.text).body.trim(), 3), "");
  }
  return out;
}

function usage(b: JobView): string[] {
  const L = labelsFor(b.language);
  const states: AnalyzerState[] = [
    ...(["A", "B", "final"] as const).flatMap((stage) => Object.values(b.doc.stages[stage].analyzers)),
    b.doc.stages.insights,
    ...(b.doc.stages.insightsReview ? [b.doc.stages.insightsReview] : []),
  ];
  const out = [
    `## ${L.usageAndCost}`,
    "",
    `| ${L.usageTable.join(" | ")} |`,
    "|---|---|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const s of states) {
    const u = s.usage;
    out.push(
      `| ${L.stages[s.stage]} | ${cell(s.name)} | ${s.status} | ${cell(s.model ?? "")} | ${u?.inputTokens ?? ""} | ${
        u?.cachedInputTokens ?? ""
      } | ${u?.outputTokens ?? ""} | ${u?.reasoningTokens ?? ""} | ${formatCost(s.costUsd)} | ${
        s.durationMs === undefined ? "" : formatSeconds(s.durationMs / 1000)
      } |`,
    );
  }
  out.push("");
  const t = b.doc.totals;
  if (t) {
    const unpriced = t.unpricedCalls > 0 ? L.unpriced(t.unpricedCalls) : "";
    const estimated = t.usage.estimated ? ` (${L.estimated})` : "";
    out.push(
      `${L.total({
        calls: t.calls,
        input: t.usage.inputTokens,
        cached: t.usage.cachedInputTokens,
        output: t.usage.outputTokens,
        reasoning: t.usage.reasoningTokens,
        cost: formatCost(t.costUsd),
      })}${unpriced}${estimated}.`,
      "",
    );
  }
  return out;
}

function notes(b: JobView): string[] {
  const L = labelsFor(b.language);
  const items = [
    ...b.doc.notes.map(inline),
    ...(b.doc.error ? [`${L.jobFailed}: ${inline(b.doc.error.message)} (${b.doc.error.code})`] : []),
    ...b.doc.errors.map((e) => `${e.analyzer ? `${e.analyzer}: ` : ""}${inline(e.message)} (${e.code})`),
  ];
  if (items.length === 0) return [];
  return [`## ${L.notes}`, "", ...items.map((n) => `- ${n}`), ""];
}
