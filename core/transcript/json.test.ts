import { describe, expect, it } from "vitest";
import { parseJsonTranscript } from "./json";

const parse = (data: unknown) => parseJsonTranscript(JSON.stringify(data, null, 2));
const turns = (data: unknown) =>
  parse(data).segments.map(({ speaker, start, end, text }) => ({ speaker, start, end, text }));

describe("parseJsonTranscript", () => {
  it("reads Whisper's segments in seconds, speakerless as Unknown", () => {
    const whisper = {
      text: " Hello there. General Kenobi.",
      language: "en",
      segments: [
        { id: 0, seek: 0, start: 0, end: 2.5, text: " Hello there.", tokens: [1, 2], avg_logprob: -0.2 },
        { id: 1, seek: 0, start: 2.5, end: 4.0, text: " General Kenobi.", tokens: [3] },
      ],
    };
    expect(turns(whisper)).toEqual([
      { speaker: "Unknown", start: 0, end: 2.5, text: "Hello there." },
      { speaker: "Unknown", start: 2.5, end: 4, text: "General Kenobi." },
    ]);
  });

  it("keeps whisperX's speaker labels", () => {
    expect(turns({ segments: [{ start: 1, end: 2, text: "hi", speaker: "SPEAKER_00" }] })[0]!.speaker).toBe(
      "SPEAKER_00",
    );
  });

  it("reads AssemblyAI's utterances in milliseconds, speaker A as Speaker A", () => {
    const assembly = {
      id: "abc",
      text: "Hi. Hello.",
      audio_duration: 12,
      utterances: [
        { speaker: "A", start: 250, end: 1500, text: "Hi.", confidence: 0.9, words: [] },
        { speaker: "B", start: 1600, end: 2000, text: "Hello.", confidence: 0.9, words: [] },
      ],
    };
    expect(turns(assembly)).toEqual([
      { speaker: "Speaker A", start: 0.25, end: 1.5, text: "Hi." },
      { speaker: "Speaker B", start: 1.6, end: 2, text: "Hello." },
    ]);
    expect(parse(assembly).durationSeconds).toBe(12);
  });

  it("reads Deepgram's utterances, speaker 0 as Speaker 0", () => {
    const deepgram = {
      metadata: { duration: 30.5 },
      results: {
        utterances: [
          { start: 0.5, end: 1.5, speaker: 0, transcript: "Hi.", channel: 0, confidence: 0.9 },
          { start: 1.6, end: 2.5, speaker: 1, transcript: "Hello.", channel: 0, confidence: 0.9 },
        ],
      },
    };
    expect(turns(deepgram)).toEqual([
      { speaker: "Speaker 0", start: 0.5, end: 1.5, text: "Hi." },
      { speaker: "Speaker 1", start: 1.6, end: 2.5, text: "Hello." },
    ]);
    expect(parse(deepgram).durationSeconds).toBe(30.5);
  });

  it("reads Deepgram's paragraphs, joining their sentences", () => {
    const deepgram = {
      results: {
        channels: [
          {
            alternatives: [
              {
                transcript: "Hi there. How are you? Fine.",
                paragraphs: {
                  transcript: "...",
                  paragraphs: [
                    {
                      speaker: 0,
                      start: 0,
                      end: 3,
                      num_words: 5,
                      sentences: [
                        { text: "Hi there.", start: 0, end: 1 },
                        { text: "How are you?", start: 1, end: 3 },
                      ],
                    },
                    {
                      speaker: 1,
                      start: 3.5,
                      end: 4,
                      num_words: 1,
                      sentences: [{ text: "Fine.", start: 3.5, end: 4 }],
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    };
    expect(turns(deepgram)).toEqual([
      { speaker: "Speaker 0", start: 0, end: 3, text: "Hi there. How are you?" },
      { speaker: "Speaker 1", start: 3.5, end: 4, text: "Fine." },
    ]);
  });

  it("reads a Deepgram result without paragraphs as one Unknown segment", () => {
    expect(turns({ results: { channels: [{ alternatives: [{ transcript: "Just words." }] }] } })).toEqual([
      { speaker: "Unknown", start: undefined, end: undefined, text: "Just words." },
    ]);
  });

  it("reads a generic list with times in seconds or hh:mm:ss, and numbers as speakers", () => {
    const generic = [
      { speaker: "Alice", start: "00:00:05", end: "00:00:07.5", text: "One." },
      { speaker: 2, start: 8, text: "Two." },
      { speaker: "Q", text: "Three?" },
    ];
    expect(turns(generic)).toEqual([
      { speaker: "Alice", start: 5, end: 7.5, text: "One." },
      { speaker: "Speaker 2", start: 8, end: undefined, text: "Two." },
      { speaker: "Q", start: undefined, end: undefined, text: "Three?" },
    ]);
  });

  it("reads a generic {segments} document with title, date and duration", () => {
    const t = parse({
      title: "Sync",
      date: "October 1, 2025",
      duration: "45 min",
      segments: [{ speaker: "Alice", start: 0, end: 1, text: "Hi" }],
    });
    expect(t).toMatchObject({ format: "json", title: "Sync", date: "2025-10-01", durationSeconds: 2700 });
  });

  it("drops segments with empty text and nothing else", () => {
    expect(
      turns([
        { speaker: "A1", text: "  " },
        { speaker: "B1", text: "kept" },
      ]).map((t) => t.speaker),
    ).toEqual(["B1"]);
  });
});
