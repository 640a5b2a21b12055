import * as v from "valibot";
import type { Transcript } from "../transcript/model";
import { type PreparedTranscript, prepareTranscript } from "./prepare-transcript";
import { isQuestion } from "./questions";

export const SpeakerStatSchema = v.object({
  speaker: v.string(),
  turns: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Real words: no corpus markers, no punctuation. */
  words: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Sum of the speaker's segment durations; null when the transcript has no timestamps. */
  talkTimeSeconds: v.nullable(v.pipe(v.number(), v.minValue(0))),
  /** Share of all words, 0..1; the shares of a transcript with words sum to 1. */
  share: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  questions: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type SpeakerStat = v.InferOutput<typeof SpeakerStatSchema>;

/** Turns, words, talk time, share of words and questions per speaker, most words first. */
export function speakerStats(
  t: Transcript,
  prepared: PreparedTranscript = prepareTranscript(t),
): SpeakerStat[] {
  const timed = t.segments.some((s) => s.start !== undefined && s.end !== undefined);
  const bySpeaker = new Map<string, { turns: number; words: number; seconds: number; questions: number }>();
  const entry = (speaker: string) => {
    const e = bySpeaker.get(speaker) ?? { turns: 0, words: 0, seconds: 0, questions: 0 };
    bySpeaker.set(speaker, e);
    return e;
  };
  for (const speaker of t.speakers) entry(speaker);
  for (const { segment, sentences, wordCount } of prepared.segments) {
    const e = entry(segment.speaker);
    e.turns += 1;
    e.words += wordCount;
    if (segment.start !== undefined && segment.end !== undefined)
      e.seconds += Math.max(0, segment.end - segment.start);
    e.questions += sentences.filter(isQuestion).length;
  }
  const total = prepared.totalWords;
  return [...bySpeaker]
    .map(([speaker, e]) => ({
      speaker,
      turns: e.turns,
      words: e.words,
      talkTimeSeconds: timed ? Math.round(e.seconds * 100) / 100 : null,
      share: total > 0 ? e.words / total : 0,
      questions: e.questions,
    }))
    .sort((a, b) => b.words - a.words || b.turns - a.turns || a.speaker.localeCompare(b.speaker));
}
