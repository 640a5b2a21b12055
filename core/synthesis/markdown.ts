import type { SynthesisResult } from "./model";

/** A synthesis as a Markdown document: themes with their support per meeting, or the shared terms. */
export function synthesisMarkdown(result: SynthesisResult, title = "Synthesis"): string {
  const name = new Map(result.meetings.map((m) => [m.meetingId, m.title ?? m.meetingId]));
  const lines = [
    `# ${title}`,
    "",
    `Meetings: ${result.meetings.map((m) => name.get(m.meetingId)).join(", ")}.`,
    "",
  ];
  for (const note of result.notes ?? []) lines.push(`> ${note}`, "");
  for (const theme of result.themes) {
    lines.push(`## ${theme.title}`, "", theme.summary, "");
    if (theme.agreement) lines.push(`**Agreement:** ${theme.agreement}`, "");
    if (theme.differences) lines.push(`**Differences:** ${theme.differences}`, "");
    for (const s of theme.support) {
      const quotes = s.quotes.map((q) => `"${q}"`).join("; ");
      const mark = s.verified ? "" : " (unverified: check these citations)";
      lines.push(
        `- ${name.get(s.meetingId)}: ${s.segmentIds.join(", ")}${quotes ? ` — ${quotes}` : ""}${mark}`,
      );
    }
    lines.push("");
  }
  if (result.openQuestions.length > 0)
    lines.push("## Open questions", "", ...result.openQuestions.map((q) => `- ${q}`), "");
  // The computed part stands beside the model's themes: counts a reader can check for themselves.
  if (result.sharedTerms.length > 0) {
    lines.push(
      result.mode === "computed"
        ? "## Shared keywords (computed, no model)"
        : "## Shared keywords (computed)",
      "",
      `| term | ${result.meetings.map((m) => name.get(m.meetingId)).join(" | ")} |`,
    );
    lines.push(`|---|${result.meetings.map(() => "---").join("|")}|`);
    for (const t of result.sharedTerms)
      lines.push(`| ${t.term} | ${result.meetings.map((m) => t.counts[m.meetingId] ?? 0).join(" | ")} |`);
    lines.push("");
    for (const t of result.sharedTerms.slice(0, 5)) {
      lines.push(`### ${t.term}`, "");
      for (const e of t.examples)
        lines.push(`- ${name.get(e.meetingId)} [${e.segmentId}] ${e.speaker}: ${e.text}`);
      lines.push("");
    }
    if (result.sharedTopics.length > 0) {
      lines.push("## Shared topics", "");
      for (const t of result.sharedTopics)
        lines.push(
          `- **${t.keyword}**: ${t.topics.map((x) => `${name.get(x.meetingId)}: ${x.title} (${x.startSegment})`).join("; ")}`,
        );
      lines.push("");
    }
  }
  return lines.join("\n");
}
