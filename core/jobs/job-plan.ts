import * as v from "valibot";
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
  insights: v.object({ enabled: v.boolean(), model: v.string(), definition: PromptDefinitionSchema }),
  /** Pipeline prompts: the shared system message and the map-reduce helpers. */
  system: v.string(),
  reduce: PromptDefinitionSchema,
  summary: PromptDefinitionSchema,
  context: v.object({ B: ResolvedContextOptionsSchema, final: ResolvedContextOptionsSchema }),
  reasoningEffort: v.optional(ReasoningEffortSchema),
  verbosity: v.optional(VerbositySchema),
  llm: LlmStateSchema,
});
export type JobPlan = v.InferOutput<typeof JobPlanSchema>;

/** The plan as the status record keeps it: the analyzer ids per stage, and whether insights run. */
export function planSummary(plan: JobPlan): JobRecord["plan"] {
  const ids = (stage: Stage) => plan.stages[stage].map((a) => a.id);
  return { A: ids("A"), B: ids("B"), final: ids("final"), insights: plan.insights.enabled };
}
