import type { AnalyzerState } from "../../../core/jobs/job";
import { loadJobView, transcriptSummary } from "../../../core/jobs/job-view";
import type { PipelineDeps } from "../../../core/pipeline/deps";

export interface CliAnalyzer {
  stage: string;
  status: AnalyzerState["status"];
  output: string | null;
  model?: string;
  usage?: AnalyzerState["usage"];
  costUsd?: number | null;
  durationMs?: number;
  chunking?: AnalyzerState["chunking"];
  error?: AnalyzerState["error"];
  reason?: string;
}

const SHOWN = ["model", "usage", "costUsd", "durationMs", "chunking", "error", "reason"] as const;

/** The `--json` document: transcript, computed analyses, each analyzer's outcome, insights, usage. */
export async function buildReport(jobId: string, folder: string, deps: PipelineDeps, library: string) {
  const view = await loadJobView(jobId, deps.store);
  const analyzers: Record<string, CliAnalyzer> = {};
  for (const a of view.analyzers) {
    const entry: CliAnalyzer = { stage: a.stage, status: a.state.status, output: a.text };
    for (const k of SHOWN) if (a.state[k] !== undefined) Object.assign(entry, { [k]: a.state[k] });
    analyzers[a.id] = entry;
  }
  const { doc } = view;
  return {
    ok: true as const,
    jobId,
    status: doc.status,
    outputDir: folder,
    /** The CLI's own library (a PGlite database) that keeps this job. */
    library,
    transcript: transcriptSummary(view.transcript, "all"),
    computed: view.computed,
    analyzers,
    // A run that ended before its insights step has none to report.
    insights: view.insights.provisional ? null : view.insights.report,
    usage: doc.totals,
    llm: doc.llm,
    notes: doc.notes,
    errors: doc.errors,
  };
}

export type CliReport = Awaited<ReturnType<typeof buildReport>>;

/** What a person reads after a run without --json. */
export function humanSummary(r: CliReport): string {
  const lines: string[] = [];
  const t = r.transcript;
  lines.push(`Job ${r.jobId}: ${r.status}`);
  lines.push(
    `Transcript: ${t.format}, ${t.segments.length} segments, ${t.speakers.length} speakers${t.title ? `, "${t.title}"` : ""}`,
  );
  lines.push("", "Speakers:");
  for (const s of r.computed.speakerStats) {
    lines.push(
      `  ${s.speaker.padEnd(24)} ${String(s.turns).padStart(4)} turns ${String(s.words).padStart(6)} words ${(s.share * 100).toFixed(0).padStart(3)}%`,
    );
  }
  if (r.computed.topics.length > 0) {
    lines.push("", "Topics:");
    for (const topic of r.computed.topics)
      lines.push(`  ${topic.startSegment}–${topic.endSegment}  ${topic.title}`);
  }
  const ran = Object.entries(r.analyzers);
  if (ran.length > 0) {
    const by = (status: string) => ran.filter(([, a]) => a.status === status).length;
    lines.push(
      "",
      `Analyzers: ${by("completed")} completed, ${by("error")} failed, ${by("skipped")} skipped`,
    );
    for (const [id, a] of ran.filter(([, a]) => a.status === "error"))
      lines.push(`  ✗ ${id}: ${a.error?.message ?? ""}`);
  }
  if (r.insights) {
    const c = r.insights.counts;
    lines.push(
      "",
      `Insights: ${c.actions} actions, ${c.decisions} decisions, ${c.risks} risks, ${c.questions} questions`,
    );
    for (const i of r.insights.items.slice(0, 8)) {
      const who = [i.owner, i.due].filter(Boolean).join(", ");
      lines.push(
        `  [${i.type}] ${i.summary.slice(0, 100)}${who ? ` (${who})` : ""} [${i.evidence.segmentIds.join(", ")}]`,
      );
    }
  }
  if (r.usage && r.usage.calls > 0) {
    const u = r.usage.usage;
    lines.push(
      "",
      `Usage: ${r.usage.calls} calls, ${u.inputTokens} input tokens (${u.cachedInputTokens} cached), ${u.outputTokens} output, $${r.usage.costUsd.toFixed(4)}`,
    );
  }
  for (const note of r.notes) lines.push("", `Note: ${note}`);
  lines.push("", `Files: ${r.outputDir}`, `Library: ${r.library}`, "");
  return lines.join("\n");
}
