import * as v from "valibot";
import { cleanText, words } from "../computed/tokenize";
import type { Topic } from "../computed/topics";
import type { Segment, Transcript } from "../transcript/model";

/** A segment as search stores and shows it: the text cleaned of corpus markers. */
export const StoredSegmentSchema = v.object({
  id: v.string(),
  speaker: v.string(),
  start: v.optional(v.number()),
  end: v.optional(v.number()),
  text: v.string(),
});
export type StoredSegment = v.InferOutput<typeof StoredSegmentSchema>;

/** A window of consecutive turns, the unit search ranks and shows. */
export const PassageSchema = v.object({
  /** 0-based position among the meeting's passages. */
  index: v.number(),
  /** 0-based segment positions, inclusive. */
  first: v.number(),
  last: v.number(),
  /** Position of its topic in the meeting's topics; -1 when the meeting has none. */
  topic: v.number(),
  speakers: v.array(v.string()),
  words: v.number(),
  /** What the index reads: the turns' words, without speaker names. */
  text: v.string(),
  /** Extra field the index reads apart: the topic's title and keywords. */
  fields: v.string(),
  segments: v.array(StoredSegmentSchema),
});
export type Passage = v.InferOutput<typeof PassageSchema>;

export const IndexedTopicSchema = v.object({
  title: v.string(),
  keywords: v.array(v.string()),
  /** Passage positions, inclusive. */
  first: v.number(),
  last: v.number(),
  words: v.number(),
});
export type IndexedTopic = v.InferOutput<typeof IndexedTopicSchema>;

/** One meeting as the search index takes it. */
export const SearchableMeetingSchema = v.object({
  meetingId: v.string(),
  owner: v.string(),
  title: v.optional(v.string()),
  date: v.optional(v.string()),
  speakers: v.array(v.string()),
  words: v.number(),
  keywords: v.array(v.string()),
  topics: v.array(IndexedTopicSchema),
  passages: v.array(PassageSchema),
});
export type SearchableMeeting = v.InferOutput<typeof SearchableMeetingSchema>;

export interface PassageOptions {
  /** A passage grows turn by turn until it holds this many words (a short "Okay." says little alone). */
  minWords?: number;
  /** ...or this many turns. */
  maxTurns?: number;
}

/** Chosen on the tuning half of the dev corpus (eval/search): about a minute of talk. */
export const DEFAULT_PASSAGE_OPTIONS: Required<PassageOptions> = { minWords: 120, maxTurns: 16 };

/**
 * Cuts a transcript into passages: consecutive turns, at least `minWords` words or `maxTurns`
 * turns, never across a topic boundary (so a passage belongs to one topic). A short tail joins the
 * passage before it when both are in the same topic.
 */
export function buildPassages(
  transcript: Transcript,
  topics: readonly Pick<Topic, "startSegment" | "endSegment">[],
  options: PassageOptions = {},
): Passage[] {
  const { minWords, maxTurns } = { ...DEFAULT_PASSAGE_OPTIONS, ...options };
  const topicOf = topicLookup(transcript.segments, topics);
  const counted = transcript.segments.map((s) => ({ segment: s, clean: cleanText(s.text) }));
  const passages: Passage[] = [];
  let open: { first: number; last: number; words: number } | null = null;
  const close = () => {
    if (open) passages.push(makePassage(passages.length, open.first, open.last, counted, topicOf));
    open = null;
  };
  counted.forEach(({ clean }, i) => {
    if (open && topicOf[i] !== topicOf[open.first]) close();
    open ??= { first: i, last: i, words: 0 };
    open.last = i;
    open.words += words(clean).length;
    if (open.words >= minWords || open.last - open.first + 1 >= maxTurns) close();
  });
  const tail = open as { first: number; last: number; words: number } | null;
  const previous = passages.at(-1);
  if (tail && previous && tail.words < minWords / 2 && topicOf[previous.first] === topicOf[tail.first]) {
    passages[passages.length - 1] = makePassage(previous.index, previous.first, tail.last, counted, topicOf);
  } else close();
  return passages;
}

function makePassage(
  index: number,
  first: number,
  last: number,
  counted: readonly { segment: Segment; clean: string }[],
  topicOf: readonly number[],
): Passage {
  const turns = counted.slice(first, last + 1);
  const text = turns.map((t) => t.clean).join("\n");
  return {
    index,
    first,
    last,
    topic: topicOf[first] ?? -1,
    speakers: [...new Set(turns.map((t) => t.segment.speaker))],
    words: words(text).length,
    text,
    fields: "",
    segments: turns.map(({ segment, clean }) => ({
      id: segment.id,
      speaker: segment.speaker,
      ...(segment.start !== undefined ? { start: segment.start } : {}),
      ...(segment.end !== undefined ? { end: segment.end } : {}),
      text: clean,
    })),
  };
}

/** For each segment, the position of the topic that holds it (-1 outside every topic). */
function topicLookup(
  segments: readonly Segment[],
  topics: readonly Pick<Topic, "startSegment" | "endSegment">[],
): number[] {
  const position = new Map(segments.map((s, i) => [s.id, i]));
  const of = new Array<number>(segments.length).fill(-1);
  topics.forEach((t, ti) => {
    const from = position.get(t.startSegment);
    const to = position.get(t.endSegment);
    if (from === undefined || to === undefined) return;
    for (let i = from; i <= to; i++) of[i] = ti;
  });
  return of;
}

/** A segment with `radius` neighbours on each side, as positions (clipped to the transcript). */
export function segmentWindow(count: number, index: number, radius: number): { first: number; last: number } {
  return { first: Math.max(0, index - radius), last: Math.min(count - 1, index + radius) };
}
