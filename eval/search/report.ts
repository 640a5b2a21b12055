/** The search evaluation as a Markdown table. */
import type { QuestionScore } from "./metrics";

export interface HalfResult {
  label: string;
  meetings: number;
  questions: number;
  ours: QuestionScore;
  bm25: QuestionScore;
  bm25Passages: QuestionScore;
}

interface Report {
  halves: HalfResult[];
  passages: { count: number; meanTurns: number; meanWords: number };
  baseline: { windows: number };
  timing: { indexAllMs: number; queryMedianMs: number; queryP95Ms: number };
}

const f = (x: number) => x.toFixed(3);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "—");

export function renderMarkdown(report: Report): string {
  const lines = [
    "# Search quality on the dev corpus",
    "",
    "35 meetings in one library, 212 human questions (QMSum). `npm run eval:search` regenerates this file.",
    "Tuned on the tuning half only (eval/split.ts); the held-out half is where a gain has to show.",
    "",
    "| half | questions | system | meeting@1 | hit@10 | recall@20 |",
    "|---|---|---|---|---|---|",
  ];
  for (const h of report.halves) {
    lines.push(
      `| ${h.label} | ${h.questions} | ours | ${f(h.ours.meetingAt1)} | ${f(h.ours.hitAt10)} | ${f(h.ours.recallAt20)} |`,
      `| ${h.label} | ${h.questions} | BM25, 3-turn windows | ${f(h.bm25.meetingAt1)} | ${f(h.bm25.hitAt10)} | ${f(h.bm25.recallAt20)} |`,
      `| ${h.label} | ${h.questions} | ours ÷ BM25 | ${ratio(h.ours.meetingAt1, h.bm25.meetingAt1)} | ${ratio(h.ours.hitAt10, h.bm25.hitAt10)} | ${ratio(h.ours.recallAt20, h.bm25.recallAt20)} |`,
      `| ${h.label} | ${h.questions} | BM25 over our passages | ${f(h.bm25Passages.meetingAt1)} | ${f(h.bm25Passages.hitAt10)} | ${f(h.bm25Passages.recallAt20)} |`,
    );
  }
  lines.push(
    "",
    `Our passages: ${report.passages.count}, ${report.passages.meanTurns.toFixed(1)} turns and ${report.passages.meanWords.toFixed(0)} words on average; the baseline's windows: ${report.baseline.windows}, 3 turns each.`,
    '"BM25 over our passages" ranks our passages with plain BM25, to show how much comes from the passages and how much from the ranking.',
    "",
    `Indexing all 35 meetings: ${report.timing.indexAllMs} ms; a query: median ${report.timing.queryMedianMs} ms, p95 ${report.timing.queryP95Ms} ms (PGlite, this run).`,
    "",
  );
  return lines.join("\n");
}
