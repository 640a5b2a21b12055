/** The 35 dev meetings as one search library: parsed with the product's parser, topics and keywords computed. */
import { readFileSync } from "node:fs";
import * as v from "valibot";
import { extractKeywords } from "../../core/computed/keywords";
import { prepareTranscript } from "../../core/computed/prepare-transcript";
import { segmentTopics } from "../../core/computed/topics";
import { parseTranscript } from "../../core/transcript";
import type { Transcript } from "../../core/transcript/model";

const DEV_DIR = new URL("../../test/fixtures/dev/", import.meta.url);

const Span = v.tuple([v.number(), v.number()]);
const QueriesSchema = v.object({
  turns: v.number(),
  queries: v.array(v.object({ query: v.string(), answer: v.string(), spans: v.array(Span) })),
});

export interface DevQuestion {
  meeting: string;
  query: string;
  /** 0-based inclusive turn ranges (turn k is segment seg-(k+1)). */
  spans: Array<[number, number]>;
}

export interface DevMeeting {
  name: string;
  transcript: Transcript;
  computed: { topics: ReturnType<typeof segmentTopics>; keywords: ReturnType<typeof extractKeywords> };
  questions: DevQuestion[];
}

export async function readDevMeeting(name: string): Promise<DevMeeting> {
  const text = readFileSync(new URL(`${name}.txt`, DEV_DIR));
  const reference = v.parse(
    QueriesSchema,
    JSON.parse(readFileSync(new URL(`${name}.reference.json`, DEV_DIR), "utf8")),
  );
  const transcript = await parseTranscript(new Uint8Array(text), { format: "text" });
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
    questions: reference.queries.map((q) => ({ meeting: name, query: q.query, spans: q.spans })),
  };
}
