import * as v from "valibot";
import { ComputedAnalysesSchema } from "../computed/compute-all";
import { AppError } from "../errors";
import { SpendSchema } from "../llm/usage";
import { TranscriptSchema } from "../transcript/model";
import { ChunkingSchema, type Stage } from "./job";
import { JobPlanSchema } from "./job-plan";

/**
 * What the pipeline stores for a job beside its record, with the key each part is kept under.
 * Every read parses what it finds, so a stored value from another version or a damaged one is
 * refused with a clear error instead of travelling on as the wrong shape.
 */

/** Written once when the job is created: what the request gave. */
export const StoredInputSchema = v.object({
  transcript: TranscriptSchema,
  plan: JobPlanSchema,
  /** Opaque to core: e.g. a session's API key, encrypted by infra. */
  credentials: v.optional(v.string()),
});
export type StoredInput = v.InferOutput<typeof StoredInputSchema>;

/** Written once by the prepare step: what every later step reads beside the transcript. */
export const PreparedInputSchema = v.object({
  computed: ComputedAnalysesSchema,
  values: v.record(v.string(), v.string()),
  /** The transcript rendered with segment ids, and its token count. */
  transcriptText: v.string(),
  transcriptTokens: v.number(),
  /**
   * When the job redacts: the transcript as models see it (placeholders for the redacted values;
   * `transcriptText`, `values` and the token count are made from it) and the mapping back, sealed.
   */
  redaction: v.optional(
    v.object({
      transcript: TranscriptSchema,
      sealedMapping: v.string(),
      counts: v.record(v.string(), v.number()),
    }),
  ),
  /**
   * After a rename of a finished meeting: the names its analyzers wrote with (as the model saw
   * them) → the names the speakers have now, so their texts are shown with the new ones.
   */
  speakerNames: v.optional(v.record(v.string(), v.string())),
});
export type PreparedInput = v.InferOutput<typeof PreparedInputSchema>;

export type JobInput = StoredInput & PreparedInput;

/** One prompt's answer: its text (and validated value for JSON prompts), model and cost. */
export const CallOutcomeSchema = v.object({
  text: v.string(),
  /** Set for JSON prompts: the validated value. */
  value: v.optional(v.unknown()),
  model: v.string(),
  spend: SpendSchema,
  chunking: v.optional(ChunkingSchema),
});
export type CallOutcome = v.InferOutput<typeof CallOutcomeSchema>;

/** An analyzer's stored result: its answer and how long it took. */
export const AnalyzerResultSchema = v.object({ ...CallOutcomeSchema.entries, durationMs: v.number() });
export type AnalyzerResult = v.InferOutput<typeof AnalyzerResultSchema>;

/** A later stage's input, made once by the barrier before it: context and, optionally, the transcript. */
export const StageInputSchema = v.object({
  context: v.string(),
  transcript: v.optional(v.string()),
  notes: v.array(v.string()),
});
export type StageInput = v.InferOutput<typeof StageInputSchema>;

/** The keys results are stored under (analyzers use `analyzerKey`). */
export const RESULT_KEYS = {
  prepared: "prepared",
  /** The first pass's report (transcript and computed analyses), then the review's over it. */
  insights: "insights",
  insightsReview: "insights.review",
  stageInput: (stage: Exclude<Stage, "A">) => `input.${stage}`,
  transcriptSummary: "support.transcript-summary",
  insightsCall: "support.insights",
  insightsReviewCall: "support.insights-review",
} as const;

/** A stored JSON value parsed with its schema; a value that does not fit is an internal error. */
export function parseStored<S extends v.GenericSchema>(
  schema: S,
  raw: string,
  what: string,
): v.InferOutput<S> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError("internal", `The stored ${what} is not JSON.`);
  }
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const at = issue.path?.map((p) => String(p.key)).join(".") ?? "";
    throw new AppError(
      "internal",
      `The stored ${what} does not read${at ? ` at ${at}` : ""}: ${issue.message}`,
    );
  }
  return parsed.output;
}
