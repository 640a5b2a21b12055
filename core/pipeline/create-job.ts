import { computeAll } from "../computed";
import type { JobRecord } from "../jobs/job";
import { countTokens } from "../llm/tokens";
import type { Transcript } from "../transcript/model";
import { renderTranscript } from "../transcript/render";
import { emit, type JobInput, nowIso, type PipelineDeps } from "./deps";
import type { JobPlan } from "./plan";
import { jobValues } from "./values";

export interface NewJob {
  jobId: string;
  transcript: Transcript;
  plan: JobPlan;
  fileName?: string;
  owner?: string;
  credentials?: string;
}

/**
 * Stores a new job: its input (transcript, computed analyses, plan), its status record and its
 * first files, then announces `job.queued`. The computed analyses are ready from this moment on.
 */
export async function createJob(job: NewJob, deps: PipelineDeps): Promise<JobRecord> {
  const { transcript, plan } = job;
  const now = nowIso(deps);
  const computed = computeAll(transcript, { now: deps.now?.() ?? new Date() });
  const transcriptText = renderTranscript(transcript, { ids: true });
  const input: JobInput = {
    transcript,
    computed,
    plan,
    values: jobValues(transcript, computed),
    transcriptText,
    transcriptTokens: countTokens(transcriptText),
  };
  if (job.credentials) input.credentials = job.credentials;

  const ids = (stage: keyof JobPlan["stages"]) => plan.stages[stage].map((a) => a.id);
  const record: JobRecord = {
    jobId: job.jobId,
    status: "queued",
    createdAt: now,
    updatedAt: now,
    source: {
      format: transcript.format,
      segments: transcript.segments.length,
      speakers: transcript.speakers,
      words: computed.speakerStats.reduce((a, s) => a + s.words, 0),
      ...(transcript.title ? { title: transcript.title } : {}),
      ...(job.fileName ? { fileName: job.fileName } : {}),
    },
    llm: plan.llm,
    plan: { A: ids("A"), B: ids("B"), final: ids("final"), insights: plan.insights.enabled },
    notes: plan.llm.reason ? [plan.llm.reason] : [],
    errors: [],
  };
  if (job.owner) record.owner = job.owner;

  await deps.store.create(record, JSON.stringify(input));
  if (!plan.llm.enabled) {
    for (const stage of ["A", "B", "final"] as const) {
      for (const a of plan.stages[stage]) {
        await deps.store.setAnalyzer(job.jobId, `${stage}.${a.id}`, {
          id: a.id,
          name: a.name,
          stage,
          status: "skipped",
          reason: plan.llm.reason,
        });
      }
    }
  }
  await Promise.all([
    deps.artifacts.write(job.jobId, "transcript.md", transcriptText),
    deps.artifacts.write(job.jobId, "transcript.json", JSON.stringify(transcript, null, 2)),
    deps.artifacts.write(job.jobId, "computed.json", JSON.stringify(computed, null, 2)),
  ]);
  await emit(deps, job.jobId, "job.queued", {
    queuedAt: now,
    analyzers: record.plan,
    llm: plan.llm,
  });
  return record;
}
