import * as v from "valibot";
import { LanguageTagSchema } from "../language/language";
import { ReasoningEffortSchema, VerbositySchema } from "../llm/options";
import { PromptIdSchema } from "../prompts/prompt-definition";
import { TranscriptFormatSchema } from "../transcript/model";
import { SpeakerRenamesSchema } from "../transcript/speakers";

/**
 * The body of `POST /api/analyze`, with the earlier tool's field names, so its clients keep
 * working. Everything but the transcript is optional; defaults are filled in by `buildPlan`.
 */

/** A model's name as a request may give it: letters, digits and `. _ : / -`, at most 100. */
export const ModelNameSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9._:/-]{1,100}$/, "a model name"));
const AnalyzerList = v.pipe(v.array(PromptIdSchema), v.maxLength(50));

export const ContextOptionsSchema = v.object({
  /** Whether the transcript joins the Stage A outputs in the context. */
  includeTranscript: v.optional(v.boolean()),
  /** `summary` sends a faithful summary of the transcript instead of the whole text. */
  mode: v.optional(v.picklist(["full", "summary"])),
  /** The most transcript characters to send in full; a longer transcript is summarized, and the job says so. */
  maxChars: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1_000), v.maxValue(20_000_000))),
});
export type ContextOptions = v.InferOutput<typeof ContextOptionsSchema>;

export const AnalyzeOptionsSchema = v.object({
  stageBOptions: v.optional(ContextOptionsSchema),
  finalOptions: v.optional(ContextOptionsSchema),
  models: v.optional(
    v.object({
      stageA: v.optional(ModelNameSchema),
      stageB: v.optional(ModelNameSchema),
      final: v.optional(ModelNameSchema),
    }),
  ),
  /** Extract action items, decisions, risks and questions (default true). */
  insights: v.optional(v.boolean()),
  /**
   * Review the insights once the later stages' outputs are there, beside the last stage (default
   * true): the first pass, from the transcript and computed analyses, arrives with Stage A.
   */
  insightsReview: v.optional(v.boolean()),
  reasoningEffort: v.optional(ReasoningEffortSchema),
  verbosity: v.optional(VerbositySchema),
  /**
   * The language the analyses, insight summaries and documents are written in, a BCP 47 tag
   * (`de`, `fr`, `pt-BR`, `ja`); by default the transcript's own, detected. Quotes stay verbatim.
   */
  language: v.optional(LanguageTagSchema),
  /**
   * Replace e-mail addresses, phone, card, IBAN and account numbers (`true`), and person names too
   * (`"names"`), by placeholders before any text goes to a model; outputs get the real values back.
   * Default: the deployment's REDACT_DEFAULT.
   */
  redact: v.optional(v.union([v.boolean(), v.literal("names")])),
});
export type AnalyzeOptions = v.InferOutput<typeof AnalyzeOptionsSchema>;

export const SelectionSchema = v.object({
  stageA: v.optional(AnalyzerList),
  stageB: v.optional(AnalyzerList),
  final: v.optional(AnalyzerList),
});
export type Selection = v.InferOutput<typeof SelectionSchema>;

/** A transcript given in a request: pasted text, or the id of an earlier upload. */
const TranscriptSourceEntries = {
  transcriptText: v.optional(
    v.pipe(v.string(), v.maxLength(12_000_000, "the transcript is over the size limit")),
  ),
  fileId: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{8,64}$/, "a file id from POST /api/uploads"))),
  fileName: v.optional(v.pipe(v.string(), v.maxLength(255))),
  format: v.optional(TranscriptFormatSchema),
};
const oneSource = <T extends { transcriptText?: string | undefined; fileId?: string | undefined }>() =>
  v.check<T, string>(
    (r) => (r.transcriptText !== undefined) !== (r.fileId !== undefined),
    "send either transcriptText or fileId, not both and not neither",
  );

export const TranscriptSourceSchema = v.pipe(v.object(TranscriptSourceEntries), oneSource());
export type TranscriptSource = v.InferOutput<typeof TranscriptSourceSchema>;

export const AnalyzeRequestSchema = v.pipe(
  v.object({
    ...TranscriptSourceEntries,
    /** Analyzers per stage; a stage left out runs none. With no `selected` at all, every built-in runs. */
    selected: v.optional(SelectionSchema),
    options: v.optional(AnalyzeOptionsSchema),
    /** Per-job prompt text by analyzer id (a whole prompt file, or only the instructions). */
    promptSelection: v.optional(v.record(PromptIdSchema, v.pipe(v.string(), v.maxLength(50_000)))),
    /** Detected speaker → the name to show, as the upload's preview named them (checked against the transcript). */
    speakers: v.optional(SpeakerRenamesSchema),
  }),
  oneSource(),
);
export type AnalyzeRequest = v.InferOutput<typeof AnalyzeRequestSchema>;
