import { AppError } from "../errors";
import { analyzerFile } from "../jobs/job";
import { loadJobView, readJobParts } from "../jobs/job-view";
import type { MeetingEditor } from "../ports";
import { renderTranscript } from "../transcript/render";
import {
  composeSpeakerNames,
  renameSpeakers,
  type SpeakerMapping,
  speakerMapping,
} from "../transcript/speakers";
import { cpuOf, nowIso, type PipelineDeps } from "./deps";
import { indexJobMeeting } from "./index-meeting";
import { sealPrepared } from "./seal-prepared";

/**
 * Renames or merges a stored meeting's speakers: the transcript, its computed analyses (talk
 * time, profiles: made again, no model), the history's speaker list, the search index and the
 * transcript files, so every view, export and later prompt uses the names. The analyzers' texts
 * are stored as the model wrote them and shown with the new names (`speakerNames`), with no model
 * call. Refused while the job runs: its calls read the old names.
 */
export async function renameJobSpeakers(
  jobId: string,
  renames: unknown,
  deps: PipelineDeps & { meetings: MeetingEditor },
): Promise<{ mapping: SpeakerMapping; speakers: string[] }> {
  const { record, input, prepared: before } = await readJobParts(jobId, deps.store);
  const mapping = speakerMapping(input.transcript, renames);
  if (record.status === "running" || record.status === "queued")
    throw new AppError("conflict", "This job is still running; rename its speakers once it has finished.");
  const transcript = renameSpeakers(input.transcript, mapping);
  // Off the event loop where the host has CPU workers: a long meeting's analyses take a while.
  // A job that redacts keeps redacting: later questions to the model read the renamed text redacted.
  const prepared = {
    ...sealPrepared(await cpuOf(deps).prepare(transcript, nowIso(deps), input.plan.redact), deps.vault),
    // The analyzers' texts keep the names the model saw; views and exports show the new ones.
    speakerNames: composeSpeakerNames(before?.speakerNames, mapping),
  };
  const { computed } = prepared;
  await deps.meetings.renameSpeakers(jobId, mapping.names, transcript.speakers, JSON.stringify(prepared));
  deps.inputCache?.delete(jobId);
  await deps.store.patch(jobId, {
    source: { ...record.source, speakers: transcript.speakers },
    updatedAt: nowIso(deps),
  });
  await indexJobMeeting(record, transcript, computed, deps);
  // The job folder's copies of the analyzers' texts, with the new names as every view shows them.
  const view = await loadJobView(jobId, deps.store, deps.vault, {
    record,
    input: { ...input, transcript },
    prepared,
  });
  await Promise.all([
    ...view.outputs.map((o) => deps.artifacts.write(jobId, analyzerFile(o.stage, o.id), o.text)),
    // The job's own files show the real transcript (the prepared text is the model's, redacted or not).
    deps.artifacts.write(jobId, "transcript.md", renderTranscript(transcript, { ids: true })),
    deps.artifacts.write(jobId, "transcript.json", JSON.stringify(transcript, null, 2)),
    deps.artifacts.write(jobId, "computed.json", JSON.stringify(computed, null, 2)),
  ]);
  return { mapping, speakers: transcript.speakers };
}
