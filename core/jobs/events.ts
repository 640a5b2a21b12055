import * as v from "valibot";
import { InsightCountsSchema } from "../insights/schema";
import { TotalsSchema, UsageSchema } from "../llm/usage";
import { ChunkingSchema, ErrorInfoSchema, type JobStatusSchema, STAGES, StageSchema } from "./job";

/**
 * The events of a job, one valibot variant per type. The pipeline emits them, the metrics count
 * them, the CLI and the web UI show progress from them: all read these definitions.
 */

/** Which step an analyzer event is about: a stage's analyzer, or the insights step. */
export const EventStageSchema = v.picklist([...STAGES, "insights"]);
export type EventStage = v.InferOutput<typeof EventStageSchema>;

/** An error as events carry it: stable code, message, and where the input broke when known. */
const EventErrorSchema = v.object({
  ...ErrorInfoSchema.entries,
  details: v.optional(v.record(v.string(), v.unknown())),
});

const analyzerRef = { stage: EventStageSchema, analyzer: v.string() };
/** How a job ended, as its last event says. */
const ending = {
  totals: v.optional(TotalsSchema),
  durationMs: v.optional(v.number()),
  /** How many analyzers failed. */
  errors: v.optional(v.number()),
};

export const EventPayloadSchemas = {
  "job.queued": v.object({
    queuedAt: v.string(),
    analyzers: v.object({
      A: v.array(v.string()),
      B: v.array(v.string()),
      final: v.array(v.string()),
      insights: v.boolean(),
    }),
    llm: v.object({ enabled: v.boolean(), reason: v.optional(v.string()) }),
  }),
  "analyzer.started": v.object({
    ...analyzerRef,
    model: v.optional(v.string()),
    attempt: v.optional(v.number()),
  }),
  "analyzer.completed": v.object({
    ...analyzerRef,
    model: v.string(),
    durationMs: v.number(),
    usage: UsageSchema,
    /** `null` when the model is not in the pricing table. */
    costUsd: v.nullable(v.number()),
    chunking: v.optional(ChunkingSchema),
    /** Items found, for the insights step. */
    items: v.optional(v.number()),
    /** Recorded after a crash between storing the result and reporting it. */
    recovered: v.optional(v.boolean()),
  }),
  "analyzer.error": v.object({ ...analyzerRef, error: EventErrorSchema }),
  "stage.completed": v.object({
    stage: StageSchema,
    completed: v.number(),
    errors: v.number(),
    skipped: v.number(),
  }),
  "insights.updated": v.object({ counts: InsightCountsSchema }),
  "job.completed": v.object({ status: v.literal("completed"), ...ending }),
  "job.error": v.object({ status: v.literal("error"), error: EventErrorSchema, ...ending }),
  "job.cancelled": v.object({ status: v.literal("cancelled"), ...ending }),
} as const;

export type EventType = keyof typeof EventPayloadSchemas;
export const EVENT_TYPES = Object.keys(EventPayloadSchemas) as EventType[];
export type EventPayload<T extends EventType> = v.InferOutput<(typeof EventPayloadSchemas)[T]>;

const eventOf = <T extends EventType>(type: T) =>
  v.object({
    /** Ordered within a job; `Last-Event-ID` replays from here. */
    id: v.string(),
    type: v.literal(type),
    jobId: v.string(),
    ts: v.string(),
    data: EventPayloadSchemas[type],
  });

export const JobEventSchema = v.variant(
  "type",
  EVENT_TYPES.map(eventOf) as unknown as [ReturnType<typeof eventOf<EventType>>],
);

/** One event of a job, as the event bus stores and delivers it. */
export type JobEvent = {
  [T in EventType]: { id: string; type: T; jobId: string; ts: string; data: EventPayload<T> };
}[EventType];
export type JobEventOf<T extends EventType> = Extract<JobEvent, { type: T }>;
/** An event before the bus has given it its id. */
export type NewJobEvent = JobEvent extends infer E ? (E extends JobEvent ? Omit<E, "id"> : never) : never;

/** The events that end a job, by the status they end it in. */
export const TERMINAL_EVENTS = {
  "job.completed": "completed",
  "job.error": "error",
  "job.cancelled": "cancelled",
} as const satisfies Partial<Record<EventType, v.InferOutput<typeof JobStatusSchema>>>;

export const isTerminalEvent = (type: string): type is keyof typeof TERMINAL_EVENTS =>
  Object.hasOwn(TERMINAL_EVENTS, type);

/** A stored or received event checked against its type's schema; `null` when it does not fit. */
export function parseJobEvent(value: unknown): JobEvent | null {
  const parsed = v.safeParse(JobEventSchema, value);
  return parsed.success ? (parsed.output as JobEvent) : null;
}
