import * as v from "valibot";
import { words as wordsOf } from "../computed/tokenize";
import { InputError } from "../errors";
import type { SearchIndex } from "../ports";
import { bestSentence, distinctWords, highlight } from "./highlight";
import type { LibraryStats, MeetingDetails, SearchScope, StoredPassage } from "./index-types";
import {
  type ParsedSearchRequest,
  type PassageSegment,
  type SearchHit,
  type SearchPage,
  type SearchRequest,
  SearchRequestSchema,
} from "./model";
import { contentWords, mergeFilters, parseQuery } from "./query";
import {
  DEFAULT_RANKING,
  diversify,
  type RankedPassage,
  type RankingWeights,
  rankMeetings,
  rankPassages,
  termIdfs,
} from "./rank";

/** Passages ranked at most per search; pages go this deep. */
export const RANKING_DEPTH = 200;

export interface SearchOptions {
  weights?: RankingWeights;
}

/** A request checked against its schema; a bad one is an `invalid_request` with the reason. */
export function parseSearchRequest(input: unknown): ParsedSearchRequest {
  const parsed = v.safeParse(SearchRequestSchema, input);
  if (!parsed.success) throw new InputError("invalid_request", parsed.issues[0].message);
  return parsed.output;
}

/** The query's terms, ranked passages and their stats: the search before paging and display. */
export interface RankedSearch {
  terms: string[];
  ranked: RankedPassage[];
  stats: LibraryStats | null;
  meetings: MeetingDetails[];
  idfs: Map<string, number>;
  scope: SearchScope;
}

/** Finds and ranks the owner's passages for a query (see rank.ts for how). */
export async function rankSearch(
  index: SearchIndex,
  request: Pick<ParsedSearchRequest, "q" | "filters">,
  owner: string | null,
  { weights = DEFAULT_RANKING }: SearchOptions = {},
): Promise<RankedSearch> {
  const query = parseQuery(request.q);
  const scope: SearchScope = { owner, filters: mergeFilters(query.filters, request.filters) };
  const free = contentWords(query.words);
  const phraseWords = query.phrases.flat();
  const analyzed = await index.analyze([...free, ...phraseWords]);
  const lexemesOf = new Map<string, string[]>();
  [...free, ...phraseWords].forEach((w, i) => {
    lexemesOf.set(w, analyzed[i] ?? []);
  });
  const all = unique([...lexemesOf.values()].flat());
  const empty = { terms: [], ranked: [], stats: null, meetings: [], idfs: new Map(), scope };
  if (all.length === 0) return empty;

  const stats = await index.termStats(all, scope);
  const speakers = namedSpeakers(free, stats);
  const spoken = new Set(speakers.flatMap((s) => wordsOf(s)));
  const terms = unique(
    [...free.filter((w) => !spoken.has(w)), ...phraseWords].flatMap((w) => lexemesOf.get(w) ?? []),
  );
  const rankedTerms = terms.length > 0 ? terms : all;
  const meetings = rankMeetings(rankedTerms, stats, weights).slice(0, weights.meetings);
  if (meetings.length === 0) return { ...empty, terms: rankedTerms, stats };

  const matched = await index.matchPassages({
    scope,
    meetingIds: meetings.map((m) => m.meeting.meetingId),
    lexemes: rankedTerms,
    phrases: query.phrases.map((p) => p.join(" ")),
    excluded: query.excluded,
  });
  const meetingScores = new Map(meetings.map((m) => [m.meeting.meetingId, m.score]));
  const ranked = rankPassages(
    { lexemes: rankedTerms, speakers },
    matched.passages,
    matched.meetings,
    stats,
    meetingScores,
    weights,
  );
  return {
    terms: rankedTerms,
    ranked: diversify(ranked.slice(0, RANKING_DEPTH), weights.diversity),
    stats,
    meetings: matched.meetings,
    idfs: termIdfs(rankedTerms, stats),
    scope,
  };
}

/** One page of ranked passages for a query over the owner's meetings, with highlights. */
export async function searchMeetings(
  index: SearchIndex,
  input: SearchRequest,
  owner: string | null,
  options: SearchOptions = {},
): Promise<SearchPage> {
  const request = parseSearchRequest(input);
  const found = await rankSearch(index, request, owner, options);
  const from = (request.page - 1) * request.pageSize;
  const slice = found.ranked.slice(from, from + request.pageSize);
  const stored = await index.passages(
    slice.map((r) => ({ meetingId: r.match.meetingId, index: r.match.index })),
    found.scope,
  );
  const hits = await describeHits(index, slice, stored, found);
  return {
    query: request.q,
    terms: found.terms,
    page: request.page,
    pageSize: request.pageSize,
    total: found.ranked.length,
    hasMore: from + request.pageSize < found.ranked.length,
    hits,
  };
}

/** Ranked passages made readable: the best segment, the best sentence, matched words marked. */
export async function describeHits(
  index: SearchIndex,
  ranked: readonly RankedPassage[],
  stored: readonly StoredPassage[],
  found: Pick<RankedSearch, "terms" | "idfs" | "meetings">,
): Promise<SearchHit[]> {
  const byKey = new Map(stored.map((p) => [`${p.meetingId}\u0000${p.index}`, p]));
  const texts = stored.flatMap((p) => p.segments.map((s) => s.text));
  const vocabulary = distinctWords(texts);
  const lexemes = await index.analyze(vocabulary);
  const wanted = new Set(found.terms);
  const weightOf = new Map<string, number>();
  vocabulary.forEach((w, i) => {
    const hit = (lexemes[i] ?? []).filter((l) => wanted.has(l));
    if (hit.length > 0) weightOf.set(w, Math.max(...hit.map((l) => found.idfs.get(l) ?? 1)));
  });
  const weight = (w: string) => weightOf.get(w) ?? 0;
  const isMatch = (w: string) => weightOf.has(w);
  const meetings = new Map(found.meetings.map((m) => [m.meetingId, m]));

  const hits: SearchHit[] = [];
  for (const r of ranked) {
    const passage = byKey.get(`${r.match.meetingId}\u0000${r.match.index}`);
    if (!passage) continue;
    const scored = passage.segments.map((s) => bestSentence(s.text, weight));
    let best = 0;
    scored.forEach((s, i) => {
      if (s.score > scored[best]!.score) best = i;
    });
    const segment = passage.segments[best]!;
    const meeting = meetings.get(passage.meetingId);
    const topic = meeting?.topics[r.match.topic]?.title;
    const segments: PassageSegment[] = passage.segments.map((s) => ({
      id: s.id,
      speaker: s.speaker,
      ...(s.start !== undefined ? { start: s.start } : {}),
      ...(s.end !== undefined ? { end: s.end } : {}),
      parts: highlight(s.text, isMatch),
    }));
    hits.push({
      meetingId: passage.meetingId,
      ...(meeting?.title !== undefined ? { meetingTitle: meeting.title } : {}),
      ...(meeting?.date !== undefined ? { meetingDate: meeting.date } : {}),
      segmentId: segment.id,
      segmentIds: passage.segments.map((s) => s.id),
      speaker: segment.speaker,
      ...(segment.start !== undefined ? { start: segment.start } : {}),
      snippet: highlight(scored[best]!.text, isMatch),
      segments,
      ...(topic !== undefined ? { topic } : {}),
      matched: Object.keys(r.match.positions).filter((t) => wanted.has(t)),
      score: round(r.score),
      why: {
        passage: round(r.why.passage),
        topic: round(r.why.topic),
        meeting: round(r.why.meeting),
        speaker: round(r.why.speaker),
      },
    });
  }
  return hits;
}

/**
 * Speakers the query names: a speaker of a matching meeting whose name's words appear in a row
 * among the query's words ("what did Marketing think", "the project manager's view").
 */
function namedSpeakers(queryWords: readonly string[], stats: LibraryStats): string[] {
  const text = ` ${queryWords.join(" ")} `;
  return stats.speakers.filter((name) => {
    const parts = wordsOf(name);
    return parts.length > 0 && text.includes(` ${parts.join(" ")} `);
  });
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
const round = (x: number) => Math.round(x * 1000) / 1000;
