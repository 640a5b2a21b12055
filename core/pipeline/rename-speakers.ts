import { computeAll } from "../computed";
import { AppError } from "../errors";
import { readJobParts } from "../jobs/job-view";
import type { PreparedInput } from "../jobs/stored";
import { countTokens } from "../llm/tokens";
import type { MeetingEditor } from "../ports";
import { searchableMeeting } from "../search/searchable";
import { renderTranscript } from "../transcript/render";
import { renameSpeakers, type SpeakerMapping, speakerMapping } from "../transcript/speakers";
import type { PipelineDeps } from "./deps";
import { jobValues } from "./values";

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
  const computed = computeAll(transcript, { now: deps.now?.() ?? new Date() });
  const transcriptText = renderTranscript(transcript, { ids: true });
  const prepared: PreparedInput = {
    computed,
    values: jobValues(transcript, computed),
    transcriptText,
    transcriptTokens: countTokens(transcriptText),
  };
  await deps.meetings.renameSpeakers(jobId, mapping.names, transcript.speakers, JSON.stringify(prepared));
  deps.inputCache?.delete(jobId);
  await deps.store.patch(jobId, {
    source: { ...record.source, speakers: transcript.speakers },
    updatedAt: (deps.now?.() ?? new Date()).toISOString(),
  });
  if (deps.search) {
    const meeting = searchableMeeting({ meetingId: jobId, owner: record.owner ?? "", transcript, computed });
    await deps.search.indexMeeting(
      meeting.date ? meeting : { ...meeting, date: record.createdAt.slice(0, 10) },
    );
  }
  await Promise.all([
    deps.artifacts.write(jobId, "transcript.md", transcriptText),
    deps.artifacts.write(jobId, "transcript.json", JSON.stringify(transcript, null, 2)),
    deps.artifacts.write(jobId, "computed.json", JSON.stringify(computed, null, 2)),
  ]);
  return { mapping, speakers: transcript.speakers };
}
