import { BM25_STANDARD, type Bm25Params, bm25, idf } from "./bm25";
import type { LibraryStats, MeetingDetails, MeetingMatch, PassageMatch } from "./index-types";

/**
 * Search ranks in two levels, each explainable as a BM25 score:
 * 1. meetings, each read as one document (meeting-level evidence: a meeting that talks about the
 *    query's subject at length is where its answer most likely is);
 * 2. passages of the best meetings, by their own BM25, plus the BM25 of the topic they sit in
 *    (topic-level evidence spreads over the whole discussion of a subject), a bonus for query words
 *    said close together, for words in the topic's title and keywords, and for a speaker the query names.
 * Each part is divided by its best value among the candidates, then weighted.
 */
export interface RankingWeights {
  bm25: Bm25Params;
  /** Meetings whose passages are considered, best first. */
  meetings: number;
  topic: number;
  meeting: number;
  proximity: number;
  /** Word distance within which two query words count as said together. */
  proximityWindow: number;
  field: number;
  speaker: number;
  /**
   * Each further passage of a meeting already listed counts this much less (0 = no change), so the
   * first page shows the best passages of the few likeliest meetings rather than one meeting only.
   */
  diversity: number;
}

export const DEFAULT_RANKING: RankingWeights = {
  bm25: BM25_STANDARD,
  meetings: 8,
  topic: 0.5,
  meeting: 0.8,
  proximity: 1,
  proximityWindow: 2,
  field: 0.1,
  speaker: 0.2,
  diversity: 0,
};

export interface QueryTerms {
  /** Lexemes ranked on. */
  lexemes: string[];
  /** Speakers the query names ("What did Marketing think…"): their passages rank higher. */
  speakers: string[];
}

export interface RankedPassage {
  match: PassageMatch;
  score: number;
  why: { passage: number; topic: number; meeting: number; speaker: number };
}

/** Each query lexeme's IDF over the scope's passages. */
export function termIdfs(terms: readonly string[], stats: LibraryStats): Map<string, number> {
  return new Map(terms.map((t) => [t, idf(stats.passages, stats.terms[t]?.passages ?? 0)]));
}

/** Meetings by their BM25 as whole documents, best first, with the score. */
export function rankMeetings(
  terms: readonly string[],
  stats: LibraryStats,
  weights: RankingWeights = DEFAULT_RANKING,
): Array<{ meeting: MeetingMatch; score: number }> {
  const idfs = new Map(terms.map((t) => [t, idf(stats.meetings, stats.terms[t]?.meetings ?? 0)]));
  const average = stats.meetings > 0 ? stats.words / stats.meetings : 1;
  return stats.matches
    .map((meeting) => ({ meeting, score: bm25(meeting.tf, idfs, meeting.words, average, weights.bm25) }))
    .sort((a, b) => b.score - a.score || (a.meeting.meetingId < b.meeting.meetingId ? -1 : 1));
}

/** The candidates ordered by the combined score, best first. */
export function rankPassages(
  query: QueryTerms,
  candidates: readonly PassageMatch[],
  details: readonly MeetingDetails[],
  stats: LibraryStats,
  meetingScores: ReadonlyMap<string, number>,
  weights: RankingWeights = DEFAULT_RANKING,
): RankedPassage[] {
  const idfs = termIdfs(query.lexemes, stats);
  const averagePassage = stats.passages > 0 ? stats.words / stats.passages : 1;
  const topics = topicScores(query.lexemes, candidates, details, idfs, weights.bm25);
  const named = new Set(query.speakers.map((s) => s.toLowerCase()));

  const raw = candidates.map((match) => {
    const tfs = new Map(Object.entries(match.positions).map(([t, ps]) => [t, ps.length]));
    const passage =
      bm25(tfs, idfs, match.words, averagePassage, weights.bm25) +
      weights.proximity * proximity(match.positions, idfs, weights.proximityWindow) +
      weights.field * match.fieldLexemes.reduce((sum, t) => sum + (idfs.get(t) ?? 0), 0);
    const speaker = match.speakers.some((s) => named.has(s.toLowerCase())) ? 1 : 0;
    return {
      match,
      passage,
      topic: topics.get(`${match.meetingId}\u0000${match.topic}`) ?? 0,
      meeting: meetingScores.get(match.meetingId) ?? 0,
      speaker,
    };
  });
  const top = (pick: (r: (typeof raw)[number]) => number) => Math.max(1e-9, ...raw.map(pick));
  const best = { passage: top((r) => r.passage), topic: top((r) => r.topic), meeting: top((r) => r.meeting) };
  return raw
    .map((r) => {
      const why = {
        passage: r.passage / best.passage,
        topic: (weights.topic * r.topic) / best.topic,
        meeting: (weights.meeting * r.meeting) / best.meeting,
        speaker: weights.speaker * r.speaker,
      };
      return { match: r.match, why, score: why.passage + why.topic + why.meeting + why.speaker };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.match.meetingId < b.match.meetingId ? -1 : a.match.meetingId > b.match.meetingId ? 1 : 0) ||
        a.match.index - b.match.index,
    );
}

/**
 * BM25 of each topic as one document: the term frequencies of its matching passages summed, its
 * length the words of all its passages; the average length is over the candidates' meetings.
 * Keyed by meeting and topic position.
 */
function topicScores(
  terms: readonly string[],
  candidates: readonly PassageMatch[],
  details: readonly MeetingDetails[],
  idfs: ReadonlyMap<string, number>,
  params: Bm25Params,
): Map<string, number> {
  const meetings = new Map(details.map((m) => [m.meetingId, m]));
  const sums = new Map<string, { tf: Map<string, number>; words: number }>();
  for (const c of candidates) {
    const topic = meetings.get(c.meetingId)?.topics[c.topic];
    if (!topic) continue;
    const key = `${c.meetingId}\u0000${c.topic}`;
    const sum = sums.get(key) ?? { tf: new Map<string, number>(), words: topic.words };
    sums.set(key, sum);
    for (const t of terms) sum.tf.set(t, (sum.tf.get(t) ?? 0) + (c.positions[t]?.length ?? 0));
  }
  const lengths = [...meetings.values()].flatMap((m) => m.topics.map((t) => t.words));
  const average = lengths.length > 0 ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 1;
  const scores = new Map<string, number>();
  for (const [key, sum] of sums) scores.set(key, bm25(sum.tf, idfs, sum.words, average, params));
  return scores;
}

/**
 * Pairs of different query words said within `window` words of each other, each pair counted once,
 * worth the smaller IDF of the two: "voice recognition" said together beats "voice" here and
 * "recognition" there.
 */
export function proximity(
  positions: Readonly<Record<string, number[]>>,
  idfs: ReadonlyMap<string, number>,
  window: number,
): number {
  const present = Object.keys(positions).filter((t) => idfs.has(t) && positions[t]!.length > 0);
  let bonus = 0;
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const a = positions[present[i]!]!;
      const b = positions[present[j]!]!;
      if (closeTogether(a, b, window))
        bonus += Math.min(idfs.get(present[i]!) ?? 0, idfs.get(present[j]!) ?? 0);
    }
  }
  return bonus;
}

function closeTogether(a: readonly number[], b: readonly number[], window: number): boolean {
  let i = 0;
  let j = 0;
  const as = [...a].sort((x, y) => x - y);
  const bs = [...b].sort((x, y) => x - y);
  while (i < as.length && j < bs.length) {
    if (Math.abs(as[i]! - bs[j]!) <= window) return true;
    if (as[i]! < bs[j]!) i++;
    else j++;
  }
  return false;
}

/**
 * Orders ranked passages greedily: at each step the passage with the best score after a discount
 * of `(1 - diversity)` for every passage of its meeting already placed. The scores stay as ranked.
 */
export function diversify(ranked: readonly RankedPassage[], diversity: number): RankedPassage[] {
  if (diversity <= 0) return [...ranked];
  const keep = 1 - Math.min(1, diversity);
  const placed = new Map<string, number>();
  const left = [...ranked];
  const out: RankedPassage[] = [];
  while (left.length > 0) {
    let best = 0;
    let bestValue = -Infinity;
    left.forEach((r, i) => {
      const value = r.score * keep ** (placed.get(r.match.meetingId) ?? 0);
      if (value > bestValue) {
        best = i;
        bestValue = value;
      }
    });
    const [pick] = left.splice(best, 1);
    out.push(pick!);
    placed.set(pick!.match.meetingId, (placed.get(pick!.match.meetingId) ?? 0) + 1);
  }
  return out;
}
