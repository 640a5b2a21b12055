import * as v from "valibot";

/**
 * What search reads and answers, one valibot schema each. A meeting is indexed as passages
 * (windows of consecutive turns inside one topic); results are passages, ranked.
 */

const IsoDay = v.pipe(v.string(), v.isoDate("a date as YYYY-MM-DD"));
const Name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200));

export const MAX_QUERY_CHARS = 500;
export const MAX_PAGE_SIZE = 50;

/** Filters the API takes as parameters (`speaker=&from=&to=&meeting=`) or inline (`speaker:Alice`). */
export const SearchFiltersSchema = v.object({
  /** Only passages in which this speaker talks (case-insensitive, whole name). */
  speaker: v.optional(Name),
  /** Only meetings dated on or after / on or before this day. */
  from: v.optional(IsoDay),
  to: v.optional(IsoDay),
  /** Only these meetings. */
  meetings: v.optional(v.pipe(v.array(Name), v.maxLength(500))),
});
export type SearchFilters = v.InferOutput<typeof SearchFiltersSchema>;

export const SearchRequestSchema = v.object({
  q: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, "Type something to search for."),
    v.maxLength(MAX_QUERY_CHARS, `A search is at most ${MAX_QUERY_CHARS} characters.`),
  ),
  filters: v.optional(SearchFiltersSchema, {}),
  /** 1-based. */
  page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)), 1),
  pageSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_PAGE_SIZE)), 10),
});
export type SearchRequest = v.InferInput<typeof SearchRequestSchema>;
export type ParsedSearchRequest = v.InferOutput<typeof SearchRequestSchema>;

/** A piece of displayed text, matched or not; the UI renders each as text, never as HTML. */
export const TextPartSchema = v.object({ text: v.string(), match: v.boolean() });
export type TextPart = v.InferOutput<typeof TextPartSchema>;

export const PassageSegmentSchema = v.object({
  id: v.string(),
  speaker: v.string(),
  start: v.optional(v.number()),
  end: v.optional(v.number()),
  /** The segment's text as read (corpus markers removed), split into matched and plain parts. */
  parts: v.array(TextPartSchema),
});
export type PassageSegment = v.InferOutput<typeof PassageSegmentSchema>;

/** One ranked passage: where it is, what it says, and why it ranks where it does. */
export const SearchHitSchema = v.object({
  meetingId: v.string(),
  meetingTitle: v.optional(v.string()),
  meetingDate: v.optional(v.string()),
  /** The segment that matches best: the UI opens the meeting there. */
  segmentId: v.string(),
  segmentIds: v.array(v.string()),
  speaker: v.string(),
  start: v.optional(v.number()),
  /** The best-matching sentence of the passage, highlighted. */
  snippet: v.array(TextPartSchema),
  segments: v.array(PassageSegmentSchema),
  topic: v.optional(v.string()),
  /** The matched query words, as the index stems them. */
  matched: v.array(v.string()),
  score: v.number(),
  /** The parts of the score, so a ranking can be explained. */
  why: v.object({ passage: v.number(), topic: v.number(), meeting: v.number(), speaker: v.number() }),
});
export type SearchHit = v.InferOutput<typeof SearchHitSchema>;

export const SearchPageSchema = v.object({
  query: v.string(),
  /** The query's words the ranking used, after dropping words that only frame a question. */
  terms: v.array(v.string()),
  page: v.number(),
  pageSize: v.number(),
  /** Ranked passages found (at most the ranking's depth). */
  total: v.number(),
  hasMore: v.boolean(),
  hits: v.array(SearchHitSchema),
});
export type SearchPage = v.InferOutput<typeof SearchPageSchema>;
