import type { EventPayload, EventType, JobEvent, NewJobEvent } from "../jobs/events";
import { nowIso, type PipelineDeps } from "./deps";

/** Publishes one event of a job; its payload is typed by the event's schema. */
export function emit<T extends EventType>(
  deps: Pick<PipelineDeps, "events" | "now">,
  jobId: string,
  type: T,
  data: EventPayload<T>,
): Promise<JobEvent> {
  return deps.events.publish({ type, jobId, ts: nowIso(deps), data } as NewJobEvent);
}
