import { AppError } from "../errors";
import { readJobParts } from "../jobs/job-view";
import type { MeetingEditor } from "../ports";
import { renderTranscript } from "../transcript/render";
import { renameSpeakers, type SpeakerMapping, speakerMapping } from "../transcript/speakers";
import { cpuOf, nowIso, type PipelineDeps } from "./deps";
import { indexJobMeeting } from "./index-meeting";
import { sealPrepared } from "./seal-prepared";

/**
 * Renames or merges a stored meeting's speakers: the transcript, its computed analyses (talk
 * time, profiles: made again, no model), the history's speaker list, the search index and the
 * transcript files, so every view, export and later prompt uses the names. The analyzers' texts
 * are left as the model wrote them. Refused while the job runs: its calls read the old names.
 */
export async function renameJobSpeakers(
  jobId: string,
  renames: unknown,
  deps: PipelineDeps & { meetings: MeetingEditor },
): Promise<{ mapping: SpeakerMapping; speakers: string[] }> {
  const { record, input } = await readJobParts(jobId, deps.store);
  const mapping = speakerMapping(input.transcript, renames);
  if (record.status === "running" || record.status === "queued")
    throw new AppError("conflict", "This job is still running; rename its speakers once it has finished.");
  const transcript = renameSpeakers(input.transcript, mapping);
  // Off the event loop where the host has CPU workers: a long meeting's analyses take a while.
  // A job that redacts keeps redacting: later questions to the model read the renamed text redacted.
  const prepared = sealPrepared(
    await cpuOf(deps).prepare(transcript, nowIso(deps), input.plan.redact),
    deps.vault,
  );
  const { computed } = prepared;
  await deps.meetings.renameSpeakers(jobId, mapping.names, transcript.speakers, JSON.stringify(prepared));
  deps.inputCache?.delete(jobId);
  await deps.store.patch(jobId, {
    source: { ...record.source, speakers: transcript.speakers },
    updatedAt: (deps.now?.() ?? new Date()).toISOString(),
  });
  await indexJobMeeting(record, transcript, computed, deps);
  await Promise.all([
    // The job's own files show the real transcript (the prepared text is the model's, redacted or not).
    deps.artifacts.write(jobId, "transcript.md", renderTranscript(transcript, { ids: true })),
    deps.artifacts.write(jobId, "transcript.json", JSON.stringify(transcript, null, 2)),
    deps.artifacts.write(jobId, "computed.json", JSON.stringify(computed, null, 2)),
  ]);
  return { mapping, speakers: transcript.speakers };
}
