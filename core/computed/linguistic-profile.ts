import * as v from "valibot";
import type { Transcript } from "../transcript/model";
import {
  CERTAINTY,
  FIRST_PLURAL,
  FIRST_SINGULAR,
  NEGATIONS,
  NEGATIVE_EMOTION,
  POSITIVE_EMOTION,
  SECOND_PERSON,
  TENTATIVE,
} from "./lexicons";
import { type PreparedTranscript, prepareTranscript } from "./prepare-transcript";
import { PROFILE_CATEGORIES, PROFILE_LABELS, type ProfileCategory } from "./profile-categories";

const rate = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

/** Rates per real word of the speaker (Pennebaker style), and the word count they rest on. */
export const SpeakerProfileSchema = v.object({
  words: v.pipe(v.number(), v.integer(), v.minValue(0)),
  ...(Object.fromEntries(PROFILE_CATEGORIES.map((k) => [k, rate])) as Record<ProfileCategory, typeof rate>),
});
export type SpeakerProfile = v.InferOutput<typeof SpeakerProfileSchema>;

export const LinguisticProfileSchema = v.record(v.string(), SpeakerProfileSchema);
export type LinguisticProfile = v.InferOutput<typeof LinguisticProfileSchema>;

export { PROFILE_CATEGORIES, PROFILE_LABELS, type ProfileCategory };

const isNegation = (w: string): boolean => NEGATIONS.has(w) || w.endsWith("n't");
/** Negations that turn the next few words around; "no" is left out, as speech uses it to answer. */
const negates = (w: string): boolean => w === "not" || w === "never" || w === "cannot" || w.endsWith("n't");
/** Words back from a word that a negation reaches: "not really sure", "don't think it's good". */
const NEGATION_SCOPE = 3;

/**
 * Category rates per speaker. A negated word changes sides: "not sure" is tentative, not certain;
 * "not good" and "not bad" count as no emotion at all.
 */
export function linguisticProfile(
  t: Transcript,
  prepared: PreparedTranscript = prepareTranscript(t),
): LinguisticProfile {
  const counts = new Map<string, Record<keyof SpeakerProfile, number>>();
  const entry = (speaker: string) => {
    let c = counts.get(speaker);
    if (!c) {
      c = { words: 0, ...Object.fromEntries(PROFILE_CATEGORIES.map((k) => [k, 0])) } as Record<
        keyof SpeakerProfile,
        number
      >;
      counts.set(speaker, c);
    }
    return c;
  };
  for (const speaker of t.speakers) entry(speaker);
  for (const { segment, sentences } of prepared.segments) {
    const c = entry(segment.speaker);
    for (const { words } of sentences) {
      words.forEach((w, index) => {
        c.words++;
        if (FIRST_SINGULAR.has(w)) c.i++;
        if (FIRST_PLURAL.has(w)) c.we++;
        if (SECOND_PERSON.has(w)) c.you++;
        const negation = isNegation(w);
        if (negation) c.negations++;
        const negated = words.slice(Math.max(0, index - NEGATION_SCOPE), index).some(negates);
        if (CERTAINTY.has(w) && !negation) c[negated ? "tentative" : "certainty"]++;
        else if (CERTAINTY.has(w)) c.certainty++;
        if (TENTATIVE.has(w)) c.tentative++;
        if (!negated && POSITIVE_EMOTION.has(w)) c.positiveEmotion++;
        if (!negated && NEGATIVE_EMOTION.has(w)) c.negativeEmotion++;
      });
    }
  }
  const profile: LinguisticProfile = {};
  for (const [speaker, c] of counts) {
    const rates = Object.fromEntries(
      PROFILE_CATEGORIES.map((k) => [k, c.words > 0 ? Math.round((c[k] / c.words) * 10_000) / 10_000 : 0]),
    ) as Record<ProfileCategory, number>;
    profile[speaker] = { words: c.words, ...rates };
  }
  return profile;
}
