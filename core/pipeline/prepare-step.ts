import { computeAll } from "../computed";
import type { JobPlan } from "../jobs/job-plan";
import { readJobParts } from "../jobs/job-view";
import { type PreparedInput, RESULT_KEYS } from "../jobs/stored";
import { countTokens } from "../llm/tokens";
import { searchableMeeting } from "../search/searchable";
import { renderTranscript } from "../transcript/render";
import type { PipelineDeps } from "./deps";
import type { StageOutcome } from "./stage-step";
import { jobValues } from "./values";

/**
 * The first step of every job, off the request path: the computed analyses, the prompt values
 * and the transcript's token count, stored once, and the first files (transcript and computed
 * analyses). Says what runs next: Stage A behind its barrier, or insights when no model is set.
 */
export async function prepareStep(task: { jobId: string }, deps: PipelineDeps): Promise<StageOutcome> {
  const { jobId } = task;
  const { record, input, prepared: stored } = await readJobParts(jobId, deps.store);
  let prepared = stored;
  if (!prepared) {
    const computed = computeAll(input.transcript, { now: deps.now?.() ?? new Date() });
    const transcriptText = renderTranscript(input.transcript, { ids: true });
    prepared = {
      computed,
      values: jobValues(input.transcript, computed),
      transcriptText,
      transcriptTokens: countTokens(transcriptText),
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
      owner: record.owner ?? "",
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
    deps.artifacts.write(jobId, "transcript.md", prepared.transcriptText),
    deps.artifacts.write(jobId, "transcript.json", JSON.stringify(input.transcript, null, 2)),
    deps.artifacts.write(jobId, "computed.json", JSON.stringify(prepared.computed, null, 2)),
  ]);
  return { next: tasksAfterPrepare(jobId, input.plan) };
}

/** Stage A behind its barrier, or straight to insights when no model is configured. */
export function tasksAfterPrepare(jobId: string, plan: JobPlan): NonNullable<StageOutcome["next"]> {
  if (!plan.llm.enabled) return { task: { name: "insights", jobId } };
  return {
    parent: { name: "close-stage", jobId, stage: "A" },
    children: plan.stages.A.map((a) => ({ name: "run-analyzer", jobId, stage: "A", analyzerId: a.id })),
  };
}

const isoDate = (date: string | undefined): date is string =>
  date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date));
