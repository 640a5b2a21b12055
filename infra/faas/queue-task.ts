import * as v from "valibot";
import { InputError } from "../../core/errors";
import { type QueueTask, QueueTaskSchema } from "../../core/jobs/task";

export { QueueTaskSchema };

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
