import { beforeAll, describe, expect, it } from "vitest";
import { type AskDeps, askLibrary, askMeeting } from "../../core/ask/ask";
import { EXTRACT_LABEL } from "../../core/ask/extract";
import { computeAll } from "../../core/computed/compute-all";
import type { SearchIndex } from "../../core/ports";
import { searchableMeeting } from "../../core/search/searchable";
import type { Transcript } from "../../core/transcript/model";
import { renderTranscript } from "../../core/transcript/render";
import { createOpenAiProvider } from "../../infra/adapters/openai";
import { createSqlSearchIndex } from "../../infra/adapters/sql/sql-search-index";
import { resetTestDatabase, sharedTestDatabase } from "../helpers/databases";
import { citingResponder } from "../llm-double/citing";
import { useLlmDouble } from "../llm-double/use-llm-double";

const transcript: Transcript = {
  format: "text",
  speakers: ["Ann", "Bo"],
  title: "Launch sync",
  segments: [
    ["Ann", "We ship the remote on Friday, the battery supplier confirmed the date."],
    ["Bo", "Agreed. The rubber case arrives on Thursday."],
    ["Ann", "Then marketing starts the campaign next Monday."],
  ].map(([speaker, text], i) => ({ id: `seg-${i + 1}`, index: i, speaker: speaker!, text: text! })),
};
const other: Transcript = {
  format: "text",
  speakers: ["Eve"],
  segments: [{ id: "seg-1", index: 0, speaker: "Eve", text: "The battery of our secret prototype failed." }],
};

const llm = useLlmDouble();
let index: SearchIndex;
beforeAll(async () => {
  const db = await sharedTestDatabase();
  await resetTestDatabase(db);
  index = createSqlSearchIndex(db);
  for (const [meetingId, owner, t] of [
    ["job-a", "ann", transcript],
    ["job-b", "eve", other],
  ] as const)
    await index.indexMeeting(
      searchableMeeting({ meetingId, owner, transcript: t, computed: computeAll(t) }, { minWords: 8 }),
    );
});

const deps = (overrides: Partial<AskDeps> = {}): AskDeps => ({
  llm: createOpenAiProvider({
    apiKey: "sk-test-ask-91c0",
    baseURL: llm().baseURL,
    apiStyle: "auto",
    timeoutMs: 5_000,
    maxAttempts: 1,
    baseDelayMs: 0,
    maxDelayMs: 0,
  }),
  index,
  model: "gpt-5-nano",
  maxInputTokens: 100_000,
  maxOutputTokens: 2_000,
  cacheKey: "job-job-a",
  ...overrides,
});
const question = (q: string) => ({
  meetingId: "job-a",
  owner: "ann",
  question: q,
  transcript,
  transcriptText: renderTranscript(transcript),
  system: "You are a careful meeting analyst.",
  analyses: [{ name: "Say-means", text: "Ann is confident about Friday." }],
});

describe("asking a meeting", () => {
  it("sends the transcript first, as the analysis run does, streams the answer and checks its citations", async () => {
    llm().setResponder(citingResponder({ unknownCitation: true, madeUpQuote: true }));
    const pieces: string[] = [];
    const outcome = await askMeeting(question("When do we ship?"), deps({ onDelta: (d) => pieces.push(d) }));
    if (!("answer" in outcome)) throw outcome.error;
    const sent = llm().requests[0]!;
    expect(sent.messages[1]!.content).toBe(`<transcript>\n${renderTranscript(transcript)}\n</transcript>`);
    expect(sent.messages.at(-1)!.content).toContain("Question: When do we ship?");
    expect(sent.messages.at(-1)!.content).toContain("Ann is confident about Friday.");
    expect(sent.cacheKey).toBe("job-job-a");
    expect(pieces.length).toBeGreaterThan(3);
    const { answer } = outcome;
    expect(answer).toMatchObject({ mode: "model", source: "transcript", unknownCitations: ["seg-999999"] });
    expect(answer.citations.map((c) => c.segmentId)).toEqual(["seg-1", "seg-2"]);
    const quotes = answer.parts.filter((p) => p.kind === "quote");
    expect(quotes.map((q) => q.found)).toEqual([true, false]);
    expect(answer.text).not.toContain("seg-999999");
  });

  it("reads retrieved passages instead when the transcript does not fit", async () => {
    llm().setResponder(citingResponder());
    const outcome = await askMeeting(question("the rubber case"), deps({ maxInputTokens: 200 }));
    if (!("answer" in outcome)) throw outcome.error;
    expect(outcome.answer.source).toBe("passages");
    expect(llm().requests[0]!.messages[1]!.content).toContain("Only the passages most relevant");
  });

  it("answers with an extract, labelled so, when no model is configured", async () => {
    const outcome = await askMeeting(question("rubber case"), deps({ llm: null }));
    if (!("answer" in outcome)) throw outcome.error;
    expect(outcome.answer).toMatchObject({ mode: "extract", label: EXTRACT_LABEL });
    expect(outcome.answer.extracts![0]).toMatchObject({ meetingId: "job-a", speaker: expect.any(String) });
    expect(llm().requests).toHaveLength(0);
  });

  it("keeps what arrived and the error when the model fails mid-answer", async () => {
    llm().setResponder(citingResponder({ breakAfterChars: 10 }));
    const outcome = await askMeeting(question("When do we ship?"), deps());
    if ("answer" in outcome) throw new Error("expected a failure");
    expect(outcome.partial).toMatch(/^The discussion/);
    expect(outcome.error.code).toBe("llm_connection");
  });

  it("refuses an empty or over-long question with a clear message", async () => {
    await expect(askMeeting(question("   "), deps())).rejects.toThrow(/empty/);
    await expect(askMeeting(question("x".repeat(2001)), deps())).rejects.toThrow(/at most 2000/);
  });
});

describe("asking the library", () => {
  it("retrieves across the owner's meetings only and cites meeting and segment", async () => {
    llm().setResponder(citingResponder());
    const outcome = await askLibrary({ owner: "ann", question: "battery", system: "Analyst." }, deps());
    if (!("answer" in outcome)) throw outcome.error;
    expect(llm().requests[0]!.messages[1]!.content).not.toContain("secret prototype");
    expect(outcome.answer.citations.length).toBeGreaterThan(0);
    expect(outcome.answer.citations.every((c) => c.meetingId === "job-a")).toBe(true);
    expect(outcome.answer.text).toMatch(/\[M1 seg-\d+\]/);
  });

  it("finds nothing in a meeting of another owner named in meetings", async () => {
    const outcome = await askLibrary(
      { owner: "ann", question: "battery", meetings: ["job-b"], system: "Analyst." },
      deps({ llm: null }),
    );
    if (!("answer" in outcome)) throw outcome.error;
    expect(outcome.answer.extracts).toEqual([]);
  });
});
