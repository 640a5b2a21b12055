import type { Insight, InsightsReport } from "../insights/schema";
import { type Labels, labelsFor } from "../language/labels";

const COLUMNS = [
  "id",
  "type",
  "summary",
  "owner",
  "due",
  "confidence",
  "verified",
  "source",
  "segments",
  "speakers",
  "timestamps",
  "quotes",
  "flags",
] as const;

/**
 * RFC 4180 CSV. A cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR) gets a
 * leading apostrophe: transcript text is untrusted.
 */
export function insightsCsv(report: InsightsReport): string {
  const row = (i: Insight) => [
    i.id,
    i.type,
    i.summary,
    i.owner ?? "",
    i.due ?? "",
    i.confidence.toFixed(2),
    String(i.verified),
    i.source,
    i.evidence.segmentIds.join(" "),
    i.evidence.speakers.join("; "),
    i.evidence.timestamps.join(" "),
    i.evidence.quotes.join(" | "),
    i.flags.join(" | "),
  ];
  return (
    [[...COLUMNS], ...report.items.map(row)].map((cells) => cells.map(csvCell).join(",")).join("\r\n") +
    "\r\n"
  );
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const HEADING: Record<Insight["type"], "actionItems" | "decisions" | "risks" | "openQuestions"> = {
  action: "actionItems",
  decision: "decisions",
  risk: "risks",
  question: "openQuestions",
};

/** The insights as Markdown, headed in the job's language (English when it has no labels). */
export function insightsMarkdown(
  report: InsightsReport,
  title?: string,
  labels: Labels = labelsFor("en"),
): string {
  const L = labels;
  const lines = [`# ${L.insights}${title ? `: ${title}` : ""}`, ""];
  lines.push(L.counts(report.counts), "");
  for (const type of ["action", "decision", "risk", "question"] as const) {
    const items = report.items.filter((i) => i.type === type);
    if (items.length === 0) continue;
    lines.push(`## ${L[HEADING[type]]}`, "");
    for (const i of items) {
      const meta = [
        i.owner && `${L.owner}: ${i.owner}`,
        i.due && `${L.due}: ${i.due}`,
        `${L.confidence} ${i.confidence.toFixed(2)}`,
      ]
        .filter(Boolean)
        .join(", ");
      const cite = i.evidence.segmentIds.length > 0 ? ` [${i.evidence.segmentIds.join(", ")}]` : "";
      lines.push(
        `- ${type === "action" ? "[ ] " : ""}${i.summary} (${meta})${cite}${i.verified ? "" : ` — ${L.unverified}`}`,
      );
      for (const q of i.evidence.quotes.slice(0, 2)) lines.push(`  > ${q}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
