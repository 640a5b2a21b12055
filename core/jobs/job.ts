import * as v from "valibot";

export const STAGES = ["A", "B", "final"] as const;
export const StageSchema = v.picklist(STAGES);
export type Stage = v.InferOutput<typeof StageSchema>;

export const JOB_STATUSES = ["queued", "running", "completed", "error", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const ANALYZER_STATUSES = [
  "pending",
  "running",
  "completed",
  "error",
  "skipped",
  "cancelled",
] as const;
export type AnalyzerStatus = (typeof ANALYZER_STATUSES)[number];

export const UsageSchema = v.object({
  inputTokens: v.number(),
  cachedInputTokens: v.number(),
  outputTokens: v.number(),
  reasoningTokens: v.number(),
});
export type Usage = v.InferOutput<typeof UsageSchema>;
export const ZERO_USAGE: Usage = {
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
};

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

export const TotalsSchema = v.object({
  usage: UsageSchema,
  costUsd: v.number(),
  /** Calls whose model had no price: their cost is not in `costUsd`. */
  unpricedCalls: v.number(),
  calls: v.number(),
});
export type Totals = v.InferOutput<typeof TotalsSchema>;

/**
 * The status document of a job (`GET /api/status/:jobId`, `job.json`). Analyzer states are kept
 * apart from the record so parallel workers update them without racing each other.
 */
export interface JobRecord {
  jobId: string;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Who may see the job: a session id or a token fingerprint; undefined in open mode. */
  owner?: string;
  source: {
    fileName?: string;
    format: string;
    title?: string;
    segments: number;
    speakers: string[];
    words: number;
  };
  llm: { enabled: boolean; reason?: string };
  /** Stages in order with the analyzers each runs. */
  plan: { A: string[]; B: string[]; final: string[]; insights: boolean };
  /** The stage now running, or the last one reached. */
  stage?: Stage | "insights" | "finalize";
  notes: string[];
  errors: Array<ErrorInfo & { analyzer?: string }>;
  totals?: Totals;
  error?: ErrorInfo;
}

export interface JobDocument extends JobRecord {
  stages: Record<Stage, { status: AnalyzerStatus; analyzers: Record<string, AnalyzerState> }> & {
    insights: AnalyzerState;
  };
}

export const analyzerKey = (stage: Stage | "insights", id: string) =>
  stage === "insights" ? "insights" : `${stage}.${id}`;
