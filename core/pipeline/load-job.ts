import { AppError, jobNotFound } from "../errors";
import type { JobRecord } from "../jobs/job";
import { readJobParts } from "../jobs/job-view";
import type { JobInput } from "../jobs/stored";
import type { PipelineDeps } from "./deps";

const INPUT_CACHE_SIZE = 32;

/** What every step after prepare reads: the record (always fresh) and the whole input (cached). */
export async function loadJob(
  jobId: string,
  deps: PipelineDeps,
): Promise<{ record: JobRecord; input: JobInput }> {
  const cached = deps.inputCache?.get(jobId);
  if (cached) {
    const record = await deps.store.record(jobId);
    if (!record) throw jobNotFound(jobId);
    return { record, input: cached };
  }
  const { record, input, prepared } = await readJobParts(jobId, deps.store);
  if (!prepared)
    throw new AppError("internal", `Job ${jobId} has not been prepared; its prepare step must run first.`);
  const whole: JobInput = { ...input, ...prepared };
  if (deps.inputCache) {
    if (deps.inputCache.size >= INPUT_CACHE_SIZE)
      deps.inputCache.delete(deps.inputCache.keys().next().value!);
    deps.inputCache.set(jobId, whole);
  }
  return { record, input: whole };
}
