import * as v from "valibot";

export const MIN_SYNTHESIS_MEETINGS = 2;
export const MAX_SYNTHESIS_MEETINGS = 20;

export const SynthesisRequestSchema = v.object({
  meetings: v.pipe(
    v.array(v.pipe(v.string(), v.trim(), v.minLength(1))),
    v.minLength(MIN_SYNTHESIS_MEETINGS, `Choose at least ${MIN_SYNTHESIS_MEETINGS} meetings to synthesize.`),
    v.maxLength(MAX_SYNTHESIS_MEETINGS, `A synthesis reads at most ${MAX_SYNTHESIS_MEETINGS} meetings.`),
    v.check((ids) => new Set(ids).size === ids.length, "Each meeting can be chosen once."),
  ),
  /** What to look for across them ("pricing objections"); the themes of the whole when absent. */
  focus: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500))),
});
export type SynthesisRequest = v.InferOutput<typeof SynthesisRequestSchema>;

// ---- what the model is asked for (strict JSON schemas) ----------------------------------------

const LlmEvidence = v.object({
  segmentIds: v.pipe(v.array(v.string()), v.description("Ids like seg-12 of the segments that say it.")),
  quotes: v.pipe(v.array(v.string()), v.description("Short exact quotes from those segments.")),
});

/** Step 1, per meeting: the points it makes, each with evidence. */
export const LlmMeetingPointsSchema = v.object({
  points: v.array(
    v.object({
      statement: v.pipe(v.string(), v.description("One point the meeting makes, in a sentence.")),
      speakers: v.array(v.string()),
      ...LlmEvidence.entries,
    }),
  ),
  openQuestions: v.array(v.string()),
});
export type LlmMeetingPoints = v.InferOutput<typeof LlmMeetingPointsSchema>;

/** Step 2, across meetings: themes citing each meeting by its handle (M1, M2, …). */
export const LlmThemesSchema = v.object({
  themes: v.array(
    v.object({
      title: v.string(),
      summary: v.string(),
      agreement: v.pipe(v.string(), v.description("Where the meetings agree on it; empty if nowhere.")),
      differences: v.pipe(v.string(), v.description("Where they differ; empty if they do not.")),
      evidence: v.array(
        v.object({
          meeting: v.pipe(v.string(), v.description("The meeting's handle, e.g. M2.")),
          ...LlmEvidence.entries,
        }),
      ),
    }),
  ),
  openQuestions: v.array(v.string()),
});
export type LlmThemes = v.InferOutput<typeof LlmThemesSchema>;

// ---- what a synthesis delivers -----------------------------------------------------------------

export const SupportSchema = v.object({
  meetingId: v.string(),
  segmentIds: v.array(v.string()),
  quotes: v.array(v.string()),
  /** False when a citation or quote had to be dropped. */
  verified: v.boolean(),
  flags: v.array(v.string()),
});
export type Support = v.InferOutput<typeof SupportSchema>;

export const ThemeSchema = v.object({
  title: v.string(),
  summary: v.string(),
  agreement: v.string(),
  differences: v.string(),
  support: v.array(SupportSchema),
});
export type Theme = v.InferOutput<typeof ThemeSchema>;

/** Without a model: a term several meetings use, how often each, and an example passage from each. */
export const SharedTermSchema = v.object({
  term: v.string(),
  counts: v.record(v.string(), v.number()),
  examples: v.array(
    v.object({ meetingId: v.string(), segmentId: v.string(), speaker: v.string(), text: v.string() }),
  ),
});
export type SharedTerm = v.InferOutput<typeof SharedTermSchema>;

export const SharedTopicSchema = v.object({
  keyword: v.string(),
  topics: v.array(v.object({ meetingId: v.string(), title: v.string(), startSegment: v.string() })),
});

export const SynthesisResultSchema = v.object({
  mode: v.picklist(["model", "computed"]),
  meetings: v.array(
    v.object({ meetingId: v.string(), title: v.optional(v.string()), date: v.optional(v.string()) }),
  ),
  themes: v.array(ThemeSchema),
  openQuestions: v.array(v.string()),
  sharedTerms: v.array(SharedTermSchema),
  sharedTopics: v.array(SharedTopicSchema),
  /** Why a model synthesis came out computed (a meeting too long for one call, the model failing). */
  notes: v.optional(v.array(v.string())),
});
export type SynthesisResult = v.InferOutput<typeof SynthesisResultSchema>;
