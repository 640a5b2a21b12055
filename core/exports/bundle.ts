import type { ComputedAnalyses } from "../computed";
import { jobNotFound } from "../errors";
import type { InsightsReport } from "../insights/schema";
import { type JobDocument, STAGES, type Stage } from "../jobs/job";
import type { AnalyzerResult } from "../pipeline/analyzer-step";
import { type PipelineDeps, readJob } from "../pipeline/deps";
import { computedOf } from "../pipeline/prepare-step";
import type { Transcript } from "../transcript/model";

/** One analyzer's finished output. */
export interface AnalyzerOutput {
  stage: Stage;
  id: string;
  name: string;
  text: string;
}

/**
 * Everything an export is made from. It carries no credentials: the job input's `credentials`
 * stay behind in the store, so no format can leak them.
 */
export interface JobBundle {
  doc: JobDocument;
  transcript: Transcript;
  computed: ComputedAnalyses;
  /** Finished outputs in plan order (Stage A, B, Final); a running job has only some. */
  outputs: AnalyzerOutput[];
  /** `null` until the insights step has run. */
  insights: InsightsReport | null;
}

/** The job's status document, input and finished results, as stored by the pipeline steps. */
export async function loadJobBundle(
  jobId: string,
  deps: Pick<PipelineDeps, "store" | "artifacts">,
): Promise<JobBundle> {
  const [doc, { input, prepared }, insights] = await Promise.all([
    deps.store.get(jobId),
    readJob(jobId, deps.store),
    deps.store.result(jobId, "insights"),
  ]);
  if (!doc) throw jobNotFound(jobId);

  const planned = STAGES.flatMap((stage) => input.plan.stages[stage].map((a) => ({ stage, a })));
  const results = await Promise.all(
    planned.map(({ stage, a }) => deps.store.result(jobId, `${stage}.${a.id}`)),
  );
  const outputs: AnalyzerOutput[] = [];
  planned.forEach(({ stage, a }, i) => {
    const result = results[i];
    if (result)
      outputs.push({ stage, id: a.id, name: a.name, text: (JSON.parse(result) as AnalyzerResult).text });
  });

  return {
    doc,
    transcript: input.transcript,
    computed: computedOf(input, prepared),
    outputs,
    insights: insights ? (JSON.parse(insights) as InsightsReport) : null,
  };
}

/** True while the pipeline may still add outputs. */
export const isUnfinished = (bundle: JobBundle) =>
  bundle.doc.status === "queued" || bundle.doc.status === "running";
