import * as v from "valibot";
import { PromptIdSchema } from "../prompts/prompt-definition";
import { StageSchema } from "./job";
import { JOB_ID_PATTERN } from "./job-id";

const JobId = v.pipe(v.string(), v.regex(JOB_ID_PATTERN, "not a job id"));

/**
 * A unit of queued work, as it travels through any queue (BullMQ, SQS, in-process) as JSON.
 * Ids are deterministic (`taskId`), so enqueuing the same task twice is harmless.
 */
export const QueueTaskSchema = v.variant("name", [
  v.object({ name: v.literal("prepare"), jobId: JobId }),
  v.object({ name: v.literal("run-analyzer"), jobId: JobId, stage: StageSchema, analyzerId: PromptIdSchema }),
  v.object({ name: v.literal("close-stage"), jobId: JobId, stage: StageSchema }),
  /**
   * The first pass reads the transcript and the computed analyses, beside Stage A; the review
   * reads the later stages' outputs too, beside the last stage, so neither lengthens the job.
   */
  v.object({ name: v.literal("insights"), jobId: JobId, pass: v.optional(v.literal("review")) }),
  v.object({ name: v.literal("finalize"), jobId: JobId }),
]);
export type QueueTask = v.InferOutput<typeof QueueTaskSchema>;
export type TaskName = QueueTask["name"];

export const taskId = (task: QueueTask): string => {
  switch (task.name) {
    case "run-analyzer":
      return `${task.jobId}.${task.stage}.${task.analyzerId}`;
    case "close-stage":
      return `${task.jobId}.${task.stage}`;
    case "insights":
      return task.pass ? `${task.jobId}.insights-${task.pass}` : `${task.jobId}.insights`;
    default:
      return `${task.jobId}.${task.name}`;
  }
};
