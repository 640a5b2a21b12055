import * as v from "valibot";
import { TotalsSchema, UsageSchema } from "../llm/usage";

export const STAGES = ["A", "B", "final"] as const;
export const StageSchema = v.picklist(STAGES);
export type Stage = v.InferOutput<typeof StageSchema>;

/**
 * `interrupted`: the host that ran the job in its own process stopped while it ran (embedded mode);
 * what had finished is kept, and a retry runs the rest. Not finished: a retry can still change it.
 */
export const JOB_STATUSES = ["queued", "running", "completed", "error", "cancelled", "interrupted"] as const;
export const JobStatusSchema = v.picklist(JOB_STATUSES);
export type JobStatus = v.InferOutput<typeof JobStatusSchema>;

/** The statuses a job ends in; nothing changes a job once it has one. */
export const FINISHED_STATUSES = ["completed", "error", "cancelled"] as const satisfies readonly JobStatus[];
export type FinishedStatus = (typeof FINISHED_STATUSES)[number];
export const isFinished = (status: string | undefined): status is FinishedStatus =>
  (FINISHED_STATUSES as readonly string[]).includes(status ?? "");

export const ANALYZER_STATUSES = [
  "pending",
  "running",
  "completed",
  "error",
  "skipped",
  "cancelled",
] as const;
export type AnalyzerStatus = (typeof ANALYZER_STATUSES)[number];

/** The statuses an analyzer ends in: it has run (or was never going to) and will not change. */
const DONE_STATUSES: ReadonlySet<AnalyzerStatus> = new Set(["completed", "error", "skipped", "cancelled"]);
export const isAnalyzerDone = (status: AnalyzerStatus): boolean => DONE_STATUSES.has(status);

export const ErrorInfoSchema = v.object({ code: v.string(), message: v.string() });
export type ErrorInfo = v.InferOutput<typeof ErrorInfoSchema>;

/** How a transcript too long for one call was split; recorded so nothing is cut silently. */
export const ChunkingSchema = v.object({
  chunks: v.number(),
  maxInputTokens: v.number(),
  transcriptTokens: v.number(),
  overlapSegments: v.number(),
  /** Levels of reduce calls that merged the chunk outputs. */
  reduceLevels: v.number(),
});
export type Chunking = v.InferOutput<typeof ChunkingSchema>;

export const AnalyzerStateSchema = v.object({
  id: v.string(),
  name: v.string(),
  stage: v.picklist([...STAGES, "insights"]),
  status: v.picklist(ANALYZER_STATUSES),
  model: v.optional(v.string()),
  startedAt: v.optional(v.string()),
  finishedAt: v.optional(v.string()),
  durationMs: v.optional(v.number()),
  usage: v.optional(UsageSchema),
  /** `null` when the model is not in the pricing table. */
  costUsd: v.optional(v.nullable(v.number())),
  calls: v.optional(v.number()),
  attempts: v.optional(v.number()),
  chunking: v.optional(ChunkingSchema),
  error: v.optional(ErrorInfoSchema),
  /** Why it was skipped, e.g. no API key. */
  reason: v.optional(v.string()),
});
export type AnalyzerState = v.InferOutput<typeof AnalyzerStateSchema>;

/** Whether prompt analyzers run for a job, and why not when they do not. */
export const LlmStateSchema = v.object({ enabled: v.boolean(), reason: v.optional(v.string()) });

/**
 * The status record of a job (`GET /api/status/:jobId`, `job.json`, the history). Analyzer states
 * are kept apart from the record so parallel workers update them without racing each other.
 */
export const JobRecordSchema = v.object({
  jobId: v.string(),
  status: JobStatusSchema,
  createdAt: v.string(),
  updatedAt: v.string(),
  startedAt: v.optional(v.string()),
  finishedAt: v.optional(v.string()),
  /** Who may see the job: a session id or a token fingerprint; undefined in open mode. */
  owner: v.optional(v.string()),
  source: v.object({
    fileName: v.optional(v.string()),
    format: v.string(),
    title: v.optional(v.string()),
    segments: v.number(),
    speakers: v.array(v.string()),
    words: v.number(),
  }),
  llm: LlmStateSchema,
  /** The BCP 47 tag outputs are written in, when it was asked for or could be told from the transcript. */
  language: v.optional(v.string()),
  /** Stages in order with the analyzers each runs. */
  plan: v.object({
    A: v.array(v.string()),
    B: v.array(v.string()),
    final: v.array(v.string()),
    insights: v.boolean(),
    /** Whether the insights review runs beside the last stage (absent in records made before it was planned). */
    review: v.optional(v.boolean()),
  }),
  /** The stage now running, or the last one reached. */
  stage: v.optional(v.picklist([...STAGES, "insights", "finalize"])),
  notes: v.array(v.string()),
  errors: v.array(v.object({ ...ErrorInfoSchema.entries, analyzer: v.optional(v.string()) })),
  totals: v.optional(TotalsSchema),
  error: v.optional(ErrorInfoSchema),
});
export type JobRecord = v.InferOutput<typeof JobRecordSchema>;

export interface JobDocument extends JobRecord {
  stages: Record<Stage, { status: AnalyzerStatus; analyzers: Record<string, AnalyzerState> }> & {
    insights: AnalyzerState;
    /** The insights review (a second pass over the later outputs), once it has started. */
    insightsReview?: AnalyzerState;
  };
}

/** Where the insights review's state is kept, and its id among the steps. */
export const INSIGHTS_REVIEW_KEY = "insights.review";
export const INSIGHTS_REVIEW_ID = "insights-review";
/** Jobs made before owners were recorded (and every job of a shared open-mode install) are this owner's. */
export const OPEN_OWNER = "open";
/** Whose a job is: the owner the history, the search index and every job route go by. */
export const ownerOfJob = (record: Pick<JobRecord, "owner">): string => record.owner ?? OPEN_OWNER;

/** The job folder's subfolder for each stage's outputs. */
export const STAGE_FOLDER: Readonly<Record<Stage, string>> = { A: "stage-a", B: "stage-b", final: "final" };
/** Where an analyzer's text is written among the job's files: `stage-a/say-means.md`. */
export const analyzerFile = (stage: Stage, id: string) => `${STAGE_FOLDER[stage]}/${id}.md`;
/** Where the transcript summary goes that a later stage read instead of the whole transcript. */
export const TRANSCRIPT_SUMMARY_FILE = "support/transcript-summary.md";

/** Where an analyzer's state and result are kept: `A.say-means`, `insights`, or `insights.review`. */
export const analyzerKey = (stage: Stage | "insights", id: string) =>
  stage !== "insights" ? `${stage}.${id}` : id === INSIGHTS_REVIEW_ID ? INSIGHTS_REVIEW_KEY : "insights";

/** An analyzer of the plan that no worker has reported on yet. */
export const pendingAnalyzer = (stage: Stage | "insights", id: string, name = id): AnalyzerState => ({
  id,
  name,
  stage,
  status: "pending",
});

/** The insights step as the status document shows it beside the stages' analyzers. */
export const insightsState = (status: AnalyzerStatus = "pending"): AnalyzerState => ({
  ...pendingAnalyzer("insights", "insights", "Insights"),
  status,
});

/** The insights review before it has reported. */
export const insightsReviewState = (status: AnalyzerStatus = "pending"): AnalyzerState => ({
  ...pendingAnalyzer("insights", INSIGHTS_REVIEW_ID, "Insights review"),
  status,
});
