import * as v from "valibot";
import { type AppError, InputError, toAppError } from "../errors";
import { segmentIndex } from "../insights/verify";
import { streamOrComplete } from "../llm/stream";
import type { LlmProvider, LlmRequest, SearchIndex } from "../ports";
import type { StoredSegment } from "../search/passages";
import { rankSearch, searchMeetings } from "../search/search";
import type { Segment, Transcript } from "../transcript/model";
import { renderTranscript } from "../transcript/render";
import { type CitedSource, checkCitations, textOfParts } from "./citations";
import { extractAnswer } from "./extract";
import { type Answer, QuestionSchema } from "./model";
import {
  type AnalysisText,
  type LibraryPassage,
  libraryMessages,
  type MeetingAskInput,
  meetingMessages,
  transcriptFits,
} from "./prompt";

export interface AskDeps {
  /** null when no model is configured: the answer is then an extract found by search. */
  llm: LlmProvider | null;
  index: SearchIndex;
  model: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  /** The analysis run's cache key (`job-<jobId>`), so its cached transcript prefix serves the question. */
  cacheKey?: string;
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
}

/** How an ask ended: an answer, or the model's error with the text that had arrived. */
export type AskOutcome = { answer: Answer } | { error: AppError; partial: string };

/** A question checked as the API takes it; a bad one is `invalid_request` with a message a person can act on. */
export function parseQuestion(input: unknown): string {
  const parsed = v.safeParse(QuestionSchema, input);
  if (!parsed.success) throw new InputError("invalid_request", parsed.issues[0].message);
  return parsed.output;
}

export interface MeetingQuestion {
  meetingId: string;
  owner: string | null;
  question: string;
  transcript: Transcript;
  /** The transcript as the analyzers read it, and the job's system message. */
  transcriptText: string;
  system: string;
  analyses: readonly AnalysisText[];
  history?: MeetingAskInput["history"];
}

/**
 * Answers a question from one meeting. With a model: the whole transcript first when it fits (the
 * analysis run's prefix, so its cache serves it), else the passages search finds; streamed; the
 * citations checked against the transcript. Without a model: the best passages, as an extract.
 */
export async function askMeeting(input: MeetingQuestion, deps: AskDeps): Promise<AskOutcome> {
  const question = parseQuestion(input.question);
  const filters = { meetings: [input.meetingId] };
  if (!deps.llm) {
    const page = await searchMeetings(deps.index, { q: question, filters, pageSize: 3 }, input.owner);
    return { answer: extractAnswer(page.hits) };
  }
  const base: MeetingAskInput = {
    system: input.system,
    transcriptText: input.transcriptText,
    question,
    analyses: input.analyses,
    maxInputTokens: deps.maxInputTokens,
    ...(input.history ? { history: input.history } : {}),
  };
  let source: Answer["source"] = "transcript";
  let block = input.transcriptText;
  if (!transcriptFits(base)) {
    source = "passages";
    block = await retrievedPassages(input, question, deps);
  }
  const messages = meetingMessages(base, block);
  const sources = new Map<string, CitedSource>([["", { segments: segmentIndex(input.transcript) }]]);
  return answerWith(messages, sources, source, deps);
}

/** Passages of the meeting that search ranks best for the question, in transcript order, until a budget. */
async function retrievedPassages(input: MeetingQuestion, question: string, deps: AskDeps): Promise<string> {
  const found = await rankSearch(
    deps.index,
    { q: question, filters: { meetings: [input.meetingId] } },
    input.owner,
  );
  const budget = Math.floor(deps.maxInputTokens * 0.6) * 4; // characters, roughly four a token
  const picked: Segment[][] = [];
  let used = 0;
  const stored = await deps.index.passages(
    found.ranked.slice(0, 40).map((r) => ({ meetingId: r.match.meetingId, index: r.match.index })),
    found.scope,
  );
  for (const p of stored) {
    const segments = input.transcript.segments.slice(p.first, p.last + 1);
    const size = segments.reduce((n, s) => n + s.text.length + 20, 0);
    if (used + size > budget) break;
    picked.push(segments);
    used += size;
  }
  picked.sort((a, b) => a[0]!.index - b[0]!.index);
  const note = "Only the passages most relevant to the question are given; the transcript is longer.";
  return [note, ...picked.map((segments) => renderTranscript({ ...input.transcript, segments }))].join(
    "\n\n…\n\n",
  );
}

export interface LibraryQuestion {
  owner: string | null;
  question: string;
  /** Only these meetings (already checked to be the owner's); all of the owner's when absent. */
  meetings?: string[];
  /** The shared system message (the analyst's). */
  system: string;
}

/** Passages given to the model for a library answer, at most. */
const LIBRARY_PASSAGES = 12;

/** Answers a question across the owner's meetings, citing meeting and segment. */
export async function askLibrary(input: LibraryQuestion, deps: AskDeps): Promise<AskOutcome> {
  const question = parseQuestion(input.question);
  const filters = input.meetings ? { meetings: input.meetings } : {};
  if (!deps.llm) {
    const page = await searchMeetings(deps.index, { q: question, filters, pageSize: 5 }, input.owner);
    return { answer: extractAnswer(page.hits) };
  }
  const found = await rankSearch(deps.index, { q: question, filters }, input.owner);
  const stored = await deps.index.passages(
    found.ranked
      .slice(0, LIBRARY_PASSAGES)
      .map((r) => ({ meetingId: r.match.meetingId, index: r.match.index })),
    found.scope,
  );
  const handles = new Map<string, string>();
  const segmentsOf = new Map<string, Map<string, Segment>>();
  for (const p of stored) {
    if (!handles.has(p.meetingId)) handles.set(p.meetingId, `M${handles.size + 1}`);
    const map = segmentsOf.get(p.meetingId) ?? new Map<string, Segment>();
    for (const s of p.segments) map.set(s.id, asSegment(s));
    segmentsOf.set(p.meetingId, map);
  }
  const details = new Map(found.meetings.map((m) => [m.meetingId, m]));
  const passages: LibraryPassage[] = stored.map((p) => ({
    handle: handles.get(p.meetingId)!,
    ...(details.get(p.meetingId)?.title ? { title: details.get(p.meetingId)!.title! } : {}),
    ...(details.get(p.meetingId)?.date ? { date: details.get(p.meetingId)!.date! } : {}),
    text: renderTranscript({ format: "text", speakers: [], segments: p.segments.map(asSegment) }),
  }));
  const sources = new Map<string, CitedSource>(
    [...handles].map(([meetingId, handle]) => [handle, { meetingId, segments: segmentsOf.get(meetingId)! }]),
  );
  return answerWith(libraryMessages(input.system, question, passages), sources, "library", deps, (c) =>
    c.meetingId ? (handles.get(c.meetingId) ?? "") : "",
  );
}

async function answerWith(
  messages: LlmRequest["messages"],
  sources: ReadonlyMap<string, CitedSource>,
  source: Answer["source"],
  deps: AskDeps,
  handleOf?: Parameters<typeof textOfParts>[1],
): Promise<AskOutcome> {
  const request: LlmRequest = {
    model: deps.model,
    messages,
    maxOutputTokens: deps.maxOutputTokens,
    ...(deps.cacheKey ? { cacheKey: deps.cacheKey } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
  let arrived = "";
  try {
    const result = await streamOrComplete(deps.llm!, request, (delta) => {
      arrived += delta;
      deps.onDelta?.(delta);
    });
    const checked = checkCitations(result.text, sources);
    return {
      answer: {
        mode: "model",
        label:
          checked.unknown.length > 0
            ? `Answered by ${result.model}; ${checked.unknown.length} citation(s) to segments that do not exist were dropped.`
            : `Answered by ${result.model}.`,
        text: textOfParts(checked.parts, handleOf),
        parts: checked.parts,
        citations: checked.citations,
        unknownCitations: checked.unknown,
        ...(source ? { source } : {}),
        model: result.model,
      },
    };
  } catch (e) {
    return { error: toAppError(e), partial: arrived };
  }
}

const asSegment = (s: StoredSegment & { index?: number }): Segment => ({
  id: s.id,
  index: Number(s.id.slice(4)) - 1,
  speaker: s.speaker,
  ...(s.start !== undefined ? { start: s.start } : {}),
  ...(s.end !== undefined ? { end: s.end } : {}),
  text: s.text,
});
