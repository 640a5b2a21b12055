import { ownerOfJob } from "../jobs/job";
import type { JobPlan } from "../jobs/job-plan";
import { readJobParts } from "../jobs/job-view";
import { type PreparedInput, RESULT_KEYS } from "../jobs/stored";
import { searchableMeeting } from "../search/searchable";
import { renderTranscript } from "../transcript/render";
import { cpuOf, nowIso, type PipelineDeps } from "./deps";
import { sealMapping } from "./redaction";
import type { StageOutcome } from "./stage-step";

/**
 * The first step of every job, off the request path: the computed analyses, the prompt values
 * and the transcript's token count, stored once, and the first files (transcript and computed
 * analyses). Says what runs next: Stage A and the insights behind Stage A's barrier.
 */
export async function prepareStep(task: { jobId: string }, deps: PipelineDeps): Promise<StageOutcome> {
  const { jobId } = task;
  const { record, input, prepared: stored } = await readJobParts(jobId, deps.store);
  let prepared = stored;
  if (!prepared) {
    const { redaction, ...work } = await cpuOf(deps).prepare(
      input.transcript,
      nowIso(deps),
      input.plan.redact,
    );
    prepared = {
      ...work,
      ...(redaction
        ? {
            redaction: {
              transcript: redaction.transcript,
              sealedMapping: sealMapping(redaction.mapping, deps.vault),
              counts: redaction.counts,
            },
          }
        : {}),
    } satisfies PreparedInput;
    // A retry after a crash may find it written already: the first one stands.
    if (!(await deps.store.putResultOnce(jobId, RESULT_KEYS.prepared, JSON.stringify(prepared)))) {
      prepared = (await readJobParts(jobId, deps.store)).prepared!;
    }
  }
  // Indexed again on a retry: indexing replaces what the index had of the meeting.
  if (deps.search) {
    const found = searchableMeeting({
      meetingId: jobId,
      owner: ownerOfJob(record),
      transcript: input.transcript,
      computed: prepared.computed,
    });
    // Named as the history names it: the transcript's title, else the file's name.
    const title = found.title ?? record.source.fileName;
    const meeting = title ? { ...found, title } : found;
    // A meeting without a date header is dated by its job, so the date filters still place it.
    await deps.search.indexMeeting(
      isoDate(meeting.date) ? meeting : { ...meeting, date: record.createdAt.slice(0, 10) },
    );
  }
  await Promise.all([
    // The job's own files show the real transcript.
    deps.artifacts.write(jobId, "transcript.md", renderTranscript(input.transcript, { ids: true })),
    deps.artifacts.write(jobId, "transcript.json", JSON.stringify(input.transcript, null, 2)),
    deps.artifacts.write(jobId, "computed.json", JSON.stringify(prepared.computed, null, 2)),
  ]);
  return { next: tasksAfterPrepare(jobId, input.plan) };
}

/**
 * Stage A with the insights' first pass beside it (it reads the transcript and the computed
 * analyses, so the items arrive after one call), behind Stage A's barrier; without a model, the
 * insights from the keyword rules, then finalize.
 */
export function tasksAfterPrepare(jobId: string, plan: JobPlan): NonNullable<StageOutcome["next"]> {
  const insights = { name: "insights", jobId } as const;
  if (!plan.llm.enabled) return { parent: { name: "finalize", jobId }, children: [insights] };
  return {
    parent: { name: "close-stage", jobId, stage: "A" },
    children: [
      ...plan.stages.A.map((a) => ({
        name: "run-analyzer" as const,
        jobId,
        stage: "A" as const,
        analyzerId: a.id,
      })),
      insights,
    ],
  };
}

const isoDate = (date: string | undefined): date is string =>
  date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date));
