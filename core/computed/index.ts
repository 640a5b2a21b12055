export {
  type ComputedAnalyses,
  ComputedAnalysesSchema,
  type ComputeOptions,
  computeAll,
} from "./compute-all";
export { type DuePhrase, findDuePhrase } from "./dates";
export {
  heuristicInsights,
  INSIGHT_TYPES,
  type Insight,
  InsightEvidenceSchema,
  type InsightOptions,
  InsightSchema,
  type InsightType,
} from "./insights";
export { extractKeywords, type Keyword, KeywordSchema } from "./keywords";
export {
  type LinguisticProfile,
  LinguisticProfileSchema,
  linguisticProfile,
  PROFILE_CATEGORIES,
  PROFILE_LABELS,
  type ProfileCategory,
  type SpeakerProfile,
  SpeakerProfileSchema,
} from "./linguistic-profile";
export { type PreparedTranscript, prepareTranscript } from "./prepare-transcript";
export { findQuestions, type Question, QuestionSchema } from "./questions";
export { type SpeakerStat, SpeakerStatSchema, speakerStats } from "./speaker-stats";
export {
  extractiveSummary,
  type SummaryOptions,
  type SummarySentence,
  SummarySentenceSchema,
} from "./summary";
export { cleanText, tidyText, words } from "./tokenize";
export { segmentTopics, type Topic, TopicSchema } from "./topics";
