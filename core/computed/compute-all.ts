import * as v from "valibot";
import type { Transcript } from "../transcript/model";
import { heuristicInsights, type InsightOptions, InsightSchema } from "./insights";
import { extractKeywords, KeywordSchema } from "./keywords";
import { LinguisticProfileSchema, linguisticProfile } from "./linguistic-profile";
import { prepareTranscript } from "./prepare-transcript";
import { findQuestions, QuestionSchema } from "./questions";
import { SpeakerStatSchema, speakerStats } from "./speaker-stats";
import { extractiveSummary, SummarySentenceSchema } from "./summary";
import { segmentTopics, TopicSchema } from "./topics";

export const ComputedAnalysesSchema = v.object({
  speakerStats: v.array(SpeakerStatSchema),
  questions: v.array(QuestionSchema),
  keywords: v.array(KeywordSchema),
  topics: v.array(TopicSchema),
  summary: v.array(SummarySentenceSchema),
  linguisticProfile: LinguisticProfileSchema,
  insights: v.array(InsightSchema),
});
export type ComputedAnalyses = v.InferOutput<typeof ComputedAnalysesSchema>;

export type ComputeOptions = InsightOptions;

/** Every computed analysis of a transcript, tokenized once; no LLM, no I/O. */
export function computeAll(t: Transcript, options: ComputeOptions = {}): ComputedAnalyses {
  const prepared = prepareTranscript(t);
  return {
    speakerStats: speakerStats(t, prepared),
    questions: findQuestions(t, prepared),
    keywords: extractKeywords(t, 20, prepared),
    topics: segmentTopics(t, prepared),
    summary: extractiveSummary(t, {}, prepared),
    linguisticProfile: linguisticProfile(t, prepared),
    insights: heuristicInsights(t, options, prepared),
  };
}
