import * as v from "valibot";
import { OutputLanguageSchema } from "../language/language";
import { ReasoningEffortSchema, VerbositySchema } from "../llm/options";
import { PromptDefinitionSchema } from "../prompts/prompt-definition";
import { type JobRecord, LlmStateSchema, type Stage, StageSchema } from "./job";

export const PlannedAnalyzerSchema = v.object({
  id: v.string(),
  name: v.string(),
  stage: StageSchema,
  model: v.string(),
  definition: PromptDefinitionSchema,
});
export type PlannedAnalyzer = v.InferOutput<typeof PlannedAnalyzerSchema>;

export const ResolvedContextOptionsSchema = v.object({
  includeTranscript: v.boolean(),
  mode: v.picklist(["full", "summary"]),
  maxChars: v.number(),
});
export type ResolvedContextOptions = v.InferOutput<typeof ResolvedContextOptionsSchema>;

/** Everything a job runs with, fixed when it is submitted: later prompt edits do not change it. */
export const JobPlanSchema = v.object({
  stages: v.object({
    A: v.array(PlannedAnalyzerSchema),
    B: v.array(PlannedAnalyzerSchema),
    final: v.array(PlannedAnalyzerSchema),
  }),
  insights: v.object({
    enabled: v.boolean(),
    model: v.string(),
    definition: PromptDefinitionSchema,
    /** A second pass that also reads the later stages' outputs, beside the last stage (absent: none). */
    review: v.optional(v.boolean()),
  }),
  /** Pipeline prompts: the shared system message and the map-reduce helpers. */
  system: v.string(),
  reduce: PromptDefinitionSchema,
  summary: PromptDefinitionSchema,
  context: v.object({ B: ResolvedContextOptionsSchema, final: ResolvedContextOptionsSchema }),
  reasoningEffort: v.optional(ReasoningEffortSchema),
  verbosity: v.optional(VerbositySchema),
  /** The language outputs are written in; absent when neither asked for nor detectable (then the transcript's). */
  language: v.optional(OutputLanguageSchema),
  /** Redaction before anything goes to a model; `names` adds person names to the contact and account details. */
  redact: v.optional(v.object({ names: v.boolean() })),
  llm: LlmStateSchema,
});
export type JobPlan = v.InferOutput<typeof JobPlanSchema>;

/** The plan as the status record keeps it: the analyzer ids per stage, whether insights run and whether they are reviewed. */
export function planSummary(plan: JobPlan): JobRecord["plan"] {
  const ids = (stage: Stage) => plan.stages[stage].map((a) => a.id);
  // The review runs beside the last stage after A, with a model only (see closeStageStep).
  const review =
    plan.llm.enabled &&
    plan.insights.enabled &&
    plan.insights.review &&
    plan.stages.B.length + plan.stages.final.length > 0;
  return {
    A: ids("A"),
    B: ids("B"),
    final: ids("final"),
    insights: plan.insights.enabled,
    ...(review ? { review } : {}),
  };
}
