import * as v from "valibot";

export const INSIGHT_TYPES = ["action", "decision", "risk", "question"] as const;
export const InsightTypeSchema = v.picklist(INSIGHT_TYPES);
export type InsightType = v.InferOutput<typeof InsightTypeSchema>;

const IsoDay = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD"));

/**
 * What the model is asked to return (strict JSON schema: every field present, unknowns as null).
 * Descriptions travel into the JSON schema and guide the model.
 */
export const LlmInsightSchema = v.object({
  type: InsightTypeSchema,
  summary: v.pipe(v.string(), v.minLength(1), v.description("One sentence a reader can act on.")),
  owner: v.pipe(
    v.nullable(v.string()),
    v.description("Who is responsible, when the transcript says; else null."),
  ),
  due: v.pipe(
    v.nullable(IsoDay),
    v.description("YYYY-MM-DD only when a date is stated or clearly implied; else null."),
  ),
  evidence: v.object({
    segmentIds: v.pipe(
      v.array(v.string()),
      v.description("Ids like seg-12 of the segments that support the item."),
    ),
    quotes: v.pipe(v.array(v.string()), v.description("Short exact quotes from those segments.")),
    speakers: v.array(v.string()),
  }),
  confidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
});
export type LlmInsight = v.InferOutput<typeof LlmInsightSchema>;

export const LlmInsightsSchema = v.object({ items: v.array(LlmInsightSchema) });

export const EvidenceSchema = v.object({
  segmentIds: v.array(v.string()),
  quotes: v.array(v.string()),
  speakers: v.array(v.string()),
  /** `hh:mm:ss` of each cited segment that has a start time. */
  timestamps: v.array(v.string()),
});
export type Evidence = v.InferOutput<typeof EvidenceSchema>;

/** An insight as the product delivers it: checked against the transcript, merged across sources. */
export const InsightSchema = v.object({
  id: v.string(),
  type: InsightTypeSchema,
  summary: v.string(),
  owner: v.optional(v.string()),
  due: v.optional(IsoDay),
  evidence: EvidenceSchema,
  confidence: v.number(),
  source: v.picklist(["llm", "heuristic", "both"]),
  /** False when a citation had to be dropped or none was left: read such an item with care. */
  verified: v.boolean(),
  /** What the check found, e.g. `unknown segment seg-999`, `quote not found in seg-12`. */
  flags: v.array(v.string()),
});
export type Insight = v.InferOutput<typeof InsightSchema>;

/** How many items of each type a report holds, under the type's plural (`actions`). */
export const InsightCountsSchema = v.object({
  total: v.number(),
  actions: v.number(),
  decisions: v.number(),
  risks: v.number(),
  questions: v.number(),
});
export type InsightCounts = v.InferOutput<typeof InsightCountsSchema>;

export const InsightsReportSchema = v.object({ counts: InsightCountsSchema, items: v.array(InsightSchema) });
export type InsightsReport = v.InferOutput<typeof InsightsReportSchema>;
