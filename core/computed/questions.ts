import * as v from "valibot";
import type { Transcript } from "../transcript/model";
import { FILLERS } from "./lexicons";
import { type PreparedSentence, type PreparedTranscript, prepareTranscript } from "./prepare-transcript";

export const QuestionSchema = v.object({
  segmentId: v.string(),
  speaker: v.string(),
  /** The sentence, cleaned of corpus markers. */
  text: v.string(),
});
export type Question = v.InferOutput<typeof QuestionSchema>;

/** A "question" made of these words alone ("Yeah?", "Sorry?", "Oh really?") is a backchannel. */
const BACKCHANNEL = new Set([...FILLERS, "what", "sorry", "pardon", "no", "true", "or", "and", "nuh", "eh"]);
/** Tags that only check the listener is following. */
const TAGS = new Set(["you know", "isn't it", "is it", "you see", "or not", "don't you", "see", "ok"]);

const LEAD = /^(?:(?:so|and|but|well|now|okay|ok|um|uh|oh|then|alright|right|yeah),?\s+)*/i;
const AUX = "do|does|did|is|are|was|were|can|could|would|will|should|shall|have|has|had|may|might";
const SUBJECT = "i|you|we|they|he|she|it|that|this|there|anyone|anybody|everyone|everybody|someone|somebody";
const DETERMINER = `${SUBJECT}|the|a|an|your|my|our|their|these|those`;
/** Interrogative word order whose "?" the transcriber lost: "do we stay at basic television". */
const INTERROGATIVE = new RegExp(
  `^(?:(?:${AUX})(?:n't)? (?:${SUBJECT})|(?:what|why|how|where|when|who|which)(?:'s| (?:${AUX})(?:n't)? (?:${DETERMINER})))\\b`,
  "i",
);

export function isQuestion(sentence: PreparedSentence): boolean {
  if (sentence.words.every((w) => BACKCHANNEL.has(w))) return false;
  if (TAGS.has(sentence.words.filter((w) => !FILLERS.has(w)).join(" "))) return false;
  if (sentence.text.endsWith("?")) return true;
  if (sentence.words.length < 4 || sentence.text.endsWith("!")) return false;
  return INTERROGATIVE.test(sentence.text.replace(LEAD, ""));
}

/** Questions asked, in transcript order, one per sentence. */
export function findQuestions(
  t: Transcript,
  prepared: PreparedTranscript = prepareTranscript(t),
): Question[] {
  return prepared.sentences.filter(isQuestion).map((s) => {
    const segment = t.segments[s.segmentIndex]!;
    return { segmentId: segment.id, speaker: segment.speaker, text: s.text };
  });
}
