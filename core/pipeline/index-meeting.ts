import type { ComputedAnalyses } from "../computed/compute-all";
import { type JobRecord, ownerOfJob } from "../jobs/job";
import type { Transcript } from "../transcript/model";
import { cpuOf, type PipelineDeps } from "./deps";

/**
 * Puts a job's meeting into the search index, replacing what the index had of it: its passages
 * are cut off the event loop where the host has CPU workers, and the meeting is found under its
 * owner, its title (else the file's name) and its date (else the job's).
 */
export async function indexJobMeeting(
  record: JobRecord,
  transcript: Transcript,
  computed: Pick<ComputedAnalyses, "topics" | "keywords">,
  deps: Pick<PipelineDeps, "search" | "cpu">,
): Promise<void> {
  if (!deps.search) return;
  const found = await cpuOf(deps).searchable({
    meetingId: record.jobId,
    owner: ownerOfJob(record),
    transcript,
    computed,
  });
  const title = found.title ?? record.source.fileName;
  await deps.search.indexMeeting({
    ...found,
    ...(title ? { title } : {}),
    // A meeting without a date header is dated by its job, so the date filters still place it.
    date: isoDate(found.date) ? found.date : record.createdAt.slice(0, 10),
  });
}

const isoDate = (date: string | undefined): date is string =>
  date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date));
