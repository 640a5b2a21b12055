import { InputError } from "../../core/errors";
import { newJobId } from "../../core/jobs/job-id";
import { createJob, firstTask } from "../../core/pipeline/create-job";
import { buildPlan } from "../../core/pipeline/plan";
import type { AnalyzeRequest } from "../../core/pipeline/request";
import type { SessionData } from "../../core/ports";
import { renameSpeakers, speakerMapping } from "../../core/transcript/speakers";
import type { FunctionDeps } from "../shared/deps";
import { readTranscript } from "../shared/transcript-source";

/**
 * Reads the transcript (pasted or uploaded), plans the job, stores it and queues its first stage.
 * Everything that can be wrong with the request is found here, before anything is queued.
 */
export async function submitAnalysis(
  request: AnalyzeRequest,
  caller: { owner: string; session: SessionData | null },
  deps: FunctionDeps,
): Promise<{ jobId: string; queuedAt: string }> {
  const read = await readTranscript(request, caller.owner, deps);
  const { fileName } = read;
  // Names given before the job starts: every output, and every prompt, uses them from the first.
  const transcript = request.speakers
    ? renameSpeakers(read.transcript, speakerMapping(read.transcript, request.speakers))
    : read.transcript;

  const credentials = caller.session?.encryptedApiKey;
  const plan = buildPlan(
    request,
    await deps.prompts.list(),
    {
      models: deps.config.llm.models,
      llmEnabled: deps.config.llm.configured || credentials !== undefined,
      ...(deps.config.llm.reasoningEffort ? { reasoningEffort: deps.config.llm.reasoningEffort } : {}),
      ...(deps.config.llm.verbosity ? { verbosity: deps.config.llm.verbosity } : {}),
      redact: deps.config.redactDefault,
    },
    transcript,
  );
  const total = plan.stages.A.length + plan.stages.B.length + plan.stages.final.length;
  if (total === 0 && !plan.insights.enabled) {
    throw new InputError(
      "invalid_request",
      "Nothing to run: select at least one analyzer or leave insights on.",
    );
  }

  const jobId = newJobId();
  let record: Awaited<ReturnType<typeof createJob>>;
  try {
    record = await createJob(
      {
        jobId,
        transcript,
        plan,
        owner: caller.owner,
        ...(fileName ? { fileName } : {}),
        ...(credentials ? { credentials } : {}),
      },
      deps,
    );
    await deps.queue.enqueue(firstTask(jobId));
  } catch (e) {
    // The job is in the database, but its event or its first task could not go out (Redis is
    // down): a job nobody runs must not sit in the history as queued.
    await deps.store.delete(jobId).catch(() => {});
    throw e;
  }
  return { jobId, queuedAt: record.createdAt };
}
