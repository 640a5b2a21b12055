import type { JobView } from "../jobs/job-view";
import { jobDate, jobTitle } from "./markdown-text";

export const JSON_EXPORT_VERSION = 1;

/**
 * Everything about a job as one JSON document. The top level is in a fixed, readable order;
 * every object below has its keys sorted, so two exports of the same job compare equal whichever
 * store they came from. The owner id stays out: it is an access detail, not part of the analysis.
 */
export function jsonExport(b: JobView): string {
  const { owner: _owner, ...job } = b.doc;
  const { report, provisional } = b.insights;
  const document = {
    kind: "transcript-analysis",
    version: JSON_EXPORT_VERSION,
    jobId: b.doc.jobId,
    status: b.doc.status,
    title: jobTitle(b),
    date: jobDate(b),
    job,
    transcript: b.transcript,
    computed: b.computed,
    outputs: b.outputs.map(({ stage, id, name, text }) => ({ stage, id, name, text })),
    insights: report,
    insightsProvisional: provisional,
  };
  const sorted = Object.fromEntries(Object.entries(document).map(([k, v]) => [k, sortKeys(v)]));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
