import { analyzerKey, type JobRecord } from "../jobs/job";
import { type JobPlan, planSummary } from "../jobs/job-plan";
import type { StoredInput } from "../jobs/stored";
import type { QueueTask } from "../jobs/task";
import type { Transcript } from "../transcript/model";
import { nowIso, type PipelineDeps } from "./deps";
import { emit } from "./emit";

export interface NewJob {
  jobId: string;
  transcript: Transcript;
  plan: JobPlan;
  fileName?: string;
  owner?: string;
  credentials?: string;
}

/**
 * Stores a new job (its transcript, plan and status record) and announces `job.queued`. Kept
 * small, since it runs inside the request: the computed analyses and the token count are the
 * prepare step's work, the first task of every job (`firstTask`).
 */
export async function createJob(job: NewJob, deps: PipelineDeps): Promise<JobRecord> {
  const { transcript, plan } = job;
  const now = nowIso(deps);
  const input: StoredInput = { transcript, plan };
  if (job.credentials) input.credentials = job.credentials;

  const record: JobRecord = {
    jobId: job.jobId,
    status: "queued",
    createdAt: now,
    updatedAt: now,
    source: {
      format: transcript.format,
      segments: transcript.segments.length,
      speakers: transcript.speakers,
      words: transcript.segments.reduce((n, s) => n + wordCount(s.text), 0),
      ...(transcript.title ? { title: transcript.title } : {}),
      ...(job.fileName ? { fileName: job.fileName } : {}),
    },
    llm: plan.llm,
    plan: planSummary(plan),
    notes: plan.llm.reason ? [plan.llm.reason] : [],
    errors: [],
  };
  if (job.owner) record.owner = job.owner;

  await deps.store.create(record, JSON.stringify(input));
  if (!plan.llm.enabled) {
    for (const stage of ["A", "B", "final"] as const) {
      for (const a of plan.stages[stage]) {
        await deps.store.setAnalyzer(job.jobId, analyzerKey(stage, a.id), {
          id: a.id,
          name: a.name,
          stage,
          status: "skipped",
          reason: plan.llm.reason,
        });
      }
    }
  }
  await emit(deps, job.jobId, "job.queued", { queuedAt: now, analyzers: record.plan, llm: plan.llm });
  return record;
}

/** The first task of every job. */
export const firstTask = (jobId: string): QueueTask => ({ name: "prepare", jobId });

function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}
