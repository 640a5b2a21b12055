import * as v from "valibot";
import { ErrorInfoSchema } from "../jobs/job";
import { TextPartSchema } from "../search/model";

export const MAX_QUESTION_CHARS = 2000;

export const QuestionSchema = v.pipe(
  v.string("A question is text."),
  v.trim(),
  v.minLength(1, "Ask a question: it is empty."),
  v.maxLength(MAX_QUESTION_CHARS, `A question is at most ${MAX_QUESTION_CHARS} characters.`),
);

/** A segment an answer cites, as checked: it exists (in that meeting, for a library answer). */
export const CitationSchema = v.object({
  meetingId: v.optional(v.string()),
  segmentId: v.string(),
  speaker: v.string(),
  start: v.optional(v.number()),
});
export type Citation = v.InferOutput<typeof CitationSchema>;

/** The answer as the UI shows it: text, checked citations in place, and quotes marked found or not. */
export const AnswerPartSchema = v.variant("kind", [
  v.object({ kind: v.literal("text"), text: v.string() }),
  v.object({ kind: v.literal("cite"), ...CitationSchema.entries }),
  v.object({ kind: v.literal("quote"), text: v.string(), found: v.boolean() }),
]);
export type AnswerPart = v.InferOutput<typeof AnswerPartSchema>;

export const ExtractSchema = v.object({
  meetingId: v.string(),
  meetingTitle: v.optional(v.string()),
  segmentId: v.string(),
  speaker: v.string(),
  start: v.optional(v.number()),
  /** The sentence of the passage that matches the question best, highlighted. */
  sentence: v.array(TextPartSchema),
});
export type Extract = v.InferOutput<typeof ExtractSchema>;

export const AnswerSchema = v.object({
  /** `model`: written by the model and checked; `extract`: passages found by search, no model. */
  mode: v.picklist(["model", "extract"]),
  /** Said to the reader above the answer, e.g. that it is an extract. */
  label: v.string(),
  text: v.string(),
  parts: v.array(AnswerPartSchema),
  citations: v.array(CitationSchema),
  /** Cited ids that do not exist: dropped from the answer. */
  unknownCitations: v.array(v.string()),
  extracts: v.optional(v.array(ExtractSchema)),
  /** `transcript`: the whole transcript was read; `passages`: only retrieved passages (it did not fit). */
  source: v.optional(v.picklist(["transcript", "passages", "library"])),
  model: v.optional(v.string()),
});
export type Answer = v.InferOutput<typeof AnswerSchema>;

/** One question of a meeting's (or the library's) thread, kept with the answer or what arrived. */
export const AskTurnSchema = v.object({
  id: v.string(),
  askedAt: v.string(),
  question: v.string(),
  answer: v.optional(AnswerSchema),
  /** Text that arrived before the model failed. */
  partial: v.optional(v.string()),
  error: v.optional(ErrorInfoSchema),
});
export type AskTurn = v.InferOutput<typeof AskTurnSchema>;
