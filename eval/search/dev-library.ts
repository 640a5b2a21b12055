/** The 35 dev meetings as one search library: read by eval/corpus.ts, parsed with the product's parser, topics and keywords computed. */
import { extractKeywords } from "../../core/computed/keywords";
import { prepareTranscript } from "../../core/computed/prepare-transcript";
import { segmentTopics } from "../../core/computed/topics";
import { parseTranscript } from "../../core/transcript";
import type { Transcript } from "../../core/transcript/model";
import { readDevMeeting } from "../corpus";

export interface DevQuestion {
  meeting: string;
  query: string;
  /** 0-based inclusive turn ranges (turn k is segment seg-(k+1)). */
  spans: Array<[number, number]>;
}

export interface LibraryMeeting {
  name: string;
  transcript: Transcript;
  computed: { topics: ReturnType<typeof segmentTopics>; keywords: ReturnType<typeof extractKeywords> };
  questions: DevQuestion[];
}

export async function readLibraryMeeting(name: string): Promise<LibraryMeeting> {
  const { text, reference } = readDevMeeting(name);
  const transcript = await parseTranscript(new TextEncoder().encode(text), { format: "text" });
  if (transcript.segments.length !== reference.turns)
    throw new Error(
      `${name}: ${transcript.segments.length} segments, the reference counts ${reference.turns} turns`,
    );
  const prepared = prepareTranscript(transcript);
  return {
    name,
    transcript,
    computed: {
      topics: segmentTopics(transcript, prepared),
      keywords: extractKeywords(transcript, 20, prepared),
    },
    questions: reference.queries.map((q) => ({
      meeting: name,
      query: q.query,
      spans: q.spans.map(([a, b]) => [a, b] as [number, number]),
    })),
  };
}
