import * as v from "valibot";
import { InputError } from "../../core/errors";
import { StageSchema } from "../../core/jobs/job";
import { JOB_ID_PATTERN } from "../../core/jobs/job-id";
import type { QueueTask } from "../../core/ports";
import { PROMPT_ID_PATTERN } from "../../core/prompts/prompt-definition";

const JobId = v.pipe(v.string(), v.regex(JOB_ID_PATTERN, "not a job id"));

/** A queue message body as `QueueTask` (core/ports.ts); a platform queue delivers untyped JSON. */
export const QueueTaskSchema = v.variant("name", [
  v.object({
    name: v.literal("run-analyzer"),
    jobId: JobId,
    stage: StageSchema,
    analyzerId: v.pipe(v.string(), v.regex(PROMPT_ID_PATTERN, "not an analyzer id"), v.maxLength(64)),
  }),
  v.object({ name: v.literal("close-stage"), jobId: JobId, stage: StageSchema }),
  v.object({ name: v.literal("insights"), jobId: JobId }),
  v.object({ name: v.literal("finalize"), jobId: JobId }),
]);

/** Parses a message body; a body that is not a task is an `invalid_request` InputError. */
export function parseQueueTask(body: string): QueueTask {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InputError("invalid_request", "The queue message is not JSON.");
  }
  const parsed = v.safeParse(QueueTaskSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join(".") || "body";
    throw new InputError("invalid_request", `The queue message is not a task: ${where}: ${issue.message}.`);
  }
  return parsed.output satisfies QueueTask;
}
