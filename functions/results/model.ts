import type { ComputedAnalyses } from "../../core/computed";
import { jobNotFound } from "../../core/errors";
import { mergeInsights } from "../../core/insights/merge";
import type { InsightsReport } from "../../core/insights/schema";
import type { AnalyzerResult } from "../../core/pipeline/analyzer-step";
import { readJob } from "../../core/pipeline/deps";
import { computedOf } from "../../core/pipeline/prepare-step";
import type { Transcript } from "../../core/transcript/model";
import type { FunctionDeps } from "../shared/deps";

/** Every output of a job so far: per stage, per analyzer, its text and numbers. */
export async function jobResults(jobId: string, deps: FunctionDeps) {
  const [doc, { input, prepared }] = await Promise.all([deps.store.get(jobId), readJob(jobId, deps.store)]);
  if (!doc) throw jobNotFound(jobId);
  const computed = computedOf(input, prepared);
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const stage of ["A", "B", "final"] as const) {
    outputs[stage] = {};
    for (const [id, state] of Object.entries(doc.stages[stage].analyzers)) {
      const result = await deps.store.result(jobId, `${stage}.${id}`);
      const { id: _id, stage: _stage, ...rest } = state;
      outputs[stage][id] = { ...rest, text: result ? (JSON.parse(result) as AnalyzerResult).text : null };
    }
  }
  const { transcript } = input;
  return {
    jobId,
    status: doc.status,
    outputs,
    transcript: {
      format: transcript.format,
      ...(transcript.title ? { title: transcript.title } : {}),
      ...(transcript.date ? { date: transcript.date } : {}),
      speakers: transcript.speakers,
      segments: transcript.segments,
    },
    computed,
    insights: await jobInsights(jobId, deps, { transcript: input.transcript, computed }),
    totals: doc.totals ?? null,
    notes: doc.notes,
  };
}

/**
 * The job's insights: the final report once the insights step ran; before that, the items the
 * keyword rules found, checked the same way and marked `final: false`.
 */
export async function jobInsights(
  jobId: string,
  deps: FunctionDeps,
  known?: { transcript: Transcript; computed: ComputedAnalyses },
): Promise<InsightsReport & { final: boolean }> {
  const stored = await deps.store.result(jobId, "insights");
  if (stored) return { ...(JSON.parse(stored) as InsightsReport), final: true };
  let job = known;
  if (!job) {
    const { input, prepared } = await readJob(jobId, deps.store);
    job = { transcript: input.transcript, computed: computedOf(input, prepared) };
  }
  return { ...mergeInsights(job.transcript, { llm: [], heuristic: job.computed.insights }), final: false };
}
