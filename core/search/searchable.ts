import type { ComputedAnalyses } from "../computed/compute-all";
import type { Transcript } from "../transcript/model";
import { buildPassages, type IndexedTopic, type PassageOptions, type SearchableMeeting } from "./passages";

export interface MeetingToIndex {
  meetingId: string;
  owner: string;
  transcript: Transcript;
  /** The computed analyses the meeting already has: its topics and keywords become search fields. */
  computed: Pick<ComputedAnalyses, "topics" | "keywords">;
}

/** A meeting as the search index takes it: passages inside its topics, topic titles and keywords as fields. */
export function searchableMeeting(input: MeetingToIndex, options: PassageOptions = {}): SearchableMeeting {
  const { transcript, computed } = input;
  const passages = buildPassages(transcript, computed.topics, options);
  const topics: IndexedTopic[] = computed.topics.map((t) => ({
    title: t.title,
    keywords: t.keywords,
    first: -1,
    last: -1,
    words: 0,
  }));
  for (const p of passages) {
    const topic = topics[p.topic];
    if (!topic) continue;
    if (topic.first < 0) topic.first = p.index;
    topic.last = p.index;
    topic.words += p.words;
    p.fields = [topic.title, ...topic.keywords].join(" · ");
  }
  return {
    meetingId: input.meetingId,
    owner: input.owner,
    ...(transcript.title !== undefined ? { title: transcript.title } : {}),
    ...(transcript.date !== undefined ? { date: transcript.date } : {}),
    speakers: transcript.speakers,
    words: passages.reduce((n, p) => n + p.words, 0),
    keywords: computed.keywords.map((k) => k.term),
    topics,
    passages,
  };
}
