import { analyzerFile, isFinished, TRANSCRIPT_SUMMARY_FILE } from "../jobs/job";
import { type JobView, loadJobView } from "../jobs/job-view";
import { RESULT_KEYS } from "../jobs/stored";
import { insightsCsv, insightsMarkdown } from "../pipeline/insights-files";
import type { JobStore } from "../ports";
import type { ZipEntry } from "./zip";

/**
 * A job's files, made from the store: the same paths and bytes the pipeline writes under
 * `OUTPUT_DIR/jobs/<jobId>/`, so the job-file route and the zip serve them without that folder
 * (which stays a convenience, and need not be shared between replicas). Sorted by path.
 */
export async function loadJobFiles(
  jobId: string,
  store: Pick<JobStore, "get" | "record" | "input" | "result">,
): Promise<{ view: JobView; files: ZipEntry[] }> {
  const [view, prepared, insights, summary] = await Promise.all([
    loadJobView(jobId, store),
    store.result(jobId, RESULT_KEYS.prepared),
    store.result(jobId, RESULT_KEYS.insights),
    store.result(jobId, RESULT_KEYS.transcriptSummary),
  ]);
  return { view, files: jobFiles(view, { prepared, insights, summary }) };
}

/**
 * The files of a job from its view and the stored JSON of its prepared input, insights and
 * transcript summary (read raw, so a file's keys keep the order the step wrote them in).
 */
export function jobFiles(
  view: JobView,
  raw: { prepared: string | null; insights: string | null; summary: string | null },
): ZipEntry[] {
  const files: ZipEntry[] = [];
  const add = (path: string, content: string) => files.push({ path, content });
  if (raw.prepared) {
    const prepared = JSON.parse(raw.prepared) as { transcriptText: string; computed: unknown };
    add("transcript.md", prepared.transcriptText);
    add("transcript.json", JSON.stringify(view.transcript, null, 2));
    add("computed.json", JSON.stringify(prepared.computed, null, 2));
  }
  for (const a of view.outputs) add(analyzerFile(a.stage, a.id), a.text);
  if (raw.summary) add(TRANSCRIPT_SUMMARY_FILE, (JSON.parse(raw.summary) as { text: string }).text);
  if (raw.insights && !view.insights.provisional) {
    const report = view.insights.report;
    add("final/insights.json", JSON.stringify(JSON.parse(raw.insights), null, 2));
    add("final/insights.csv", insightsCsv(report));
    add("final/insights.md", insightsMarkdown(report, view.transcript.title));
  }
  const { doc } = view;
  if (isFinished(doc.status)) add("job.json", JSON.stringify(doc, null, 2));
  if (doc.stage === "finalize" && isFinished(doc.status) && doc.finishedAt)
    add("COMPLETED", `${doc.finishedAt}\n`);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
