import type { SearchIndex, SearchScope } from "../../../core/ports";
import type { MeetingDetails, PassageMatch } from "../../../core/search/index-types";
import type { IndexedTopic, StoredSegment } from "../../../core/search/passages";
import {
  ANALYZE,
  DELETE_MEETING,
  INSERT_MEETING,
  INSERT_PASSAGES,
  INSERT_TERMS,
  LOAD_PASSAGES,
  MATCH_PASSAGES,
  MEETING_DETAILS,
  SCOPE_TERMS,
  SCOPE_TOTALS,
} from "./search-sql";
import type { SqlClient } from "./sql-client";
import { anyOfLexemes, parseTsvector } from "./tsvector";

/** The SearchIndex port on PostgreSQL full-text search (a server or PGlite: same SQL). */
export function createSqlSearchIndex(db: SqlClient): SearchIndex {
  const scopeParams = (scope: SearchScope): unknown[] => [
    scope.owner,
    scope.filters.meetings ?? null,
    scope.filters.from ?? null,
    scope.filters.to ?? null,
    scope.filters.speaker?.toLowerCase() ?? null,
  ];

  return {
    async indexMeeting(meeting) {
      await db.transaction(async (tx) => {
        await tx.query(DELETE_MEETING, [meeting.meetingId]);
        await tx.query(INSERT_MEETING, [
          meeting.meetingId,
          meeting.owner,
          meeting.title ?? null,
          meeting.date && /^\d{4}-\d{2}-\d{2}$/.test(meeting.date) && !Number.isNaN(Date.parse(meeting.date))
            ? meeting.date
            : null,
          meeting.words,
          meeting.passages.length,
          meeting.speakers,
          meeting.speakers.map((s) => s.toLowerCase()),
          JSON.stringify(meeting.topics),
        ]);
        // In batches of bounded text with a turn of the event loop between them: on PGlite a
        // statement holds the process's thread, and a long meeting would hold it for seconds.
        // Each batch returns its vectors, and the meeting's term counts are added up here and
        // written in one statement: cheaper on PGlite than unnesting the stored vectors again.
        const terms = new MeetingTermCounts();
        for (const batch of passageBatches(meeting.passages)) {
          const { rows } = await tx.query<{ tsv: string }>(INSERT_PASSAGES, [
            meeting.meetingId,
            meeting.owner,
            JSON.stringify(batch),
          ]);
          for (const row of rows) terms.add(row.tsv);
          await new Promise((resolve) => setImmediate(resolve));
        }
        await tx.query(INSERT_TERMS, [meeting.meetingId, meeting.owner, ...terms.columns()]);
      });
    },

    async deleteMeeting(meetingId) {
      await db.query(DELETE_MEETING, [meetingId]);
    },

    async analyze(words) {
      if (words.length === 0) return [];
      const { rows } = await db.query<{ lexemes: string[] }>(ANALYZE, [words]);
      return rows.map((r) => r.lexemes);
    },

    async termStats(lexemes, scope) {
      const params = scopeParams(scope);
      const [totals, terms] = await Promise.all([
        db.query<{ meetings: number; passages: number; words: string | number; speakers: string[] }>(
          SCOPE_TOTALS,
          params,
        ),
        db.query<{ lexeme: string; meeting_id: string; tf: number; passages: number; words: number }>(
          SCOPE_TERMS,
          [...params, lexemes],
        ),
      ]);
      const total = totals.rows[0]!;
      const counts: Record<string, { passages: number; meetings: number }> = {};
      const byMeeting = new Map<string, { meetingId: string; words: number; tf: Record<string, number> }>();
      for (const row of terms.rows) {
        const c = counts[row.lexeme] ?? { passages: 0, meetings: 0 };
        counts[row.lexeme] = { passages: c.passages + row.passages, meetings: c.meetings + 1 };
        const m = byMeeting.get(row.meeting_id) ?? { meetingId: row.meeting_id, words: row.words, tf: {} };
        m.tf[row.lexeme] = row.tf;
        byMeeting.set(row.meeting_id, m);
      }
      return {
        meetings: total.meetings,
        passages: total.passages,
        words: Number(total.words),
        speakers: total.speakers,
        terms: counts,
        matches: [...byMeeting.values()],
      };
    },

    async matchPassages(request) {
      if (request.lexemes.length === 0 || request.meetingIds.length === 0)
        return { passages: [], meetings: [] };
      const params: unknown[] = [
        request.scope.owner,
        request.meetingIds,
        anyOfLexemes(request.lexemes),
        request.lexemes,
      ];
      const conditions: string[] = [];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      for (const phrase of request.phrases)
        conditions.push(`p.tsv @@ phraseto_tsquery('english', ${param(phrase)})`);
      for (const word of request.excluded)
        conditions.push(`NOT (p.tsv @@ plainto_tsquery('english', ${param(word)}))`);
      if (request.scope.filters.speaker)
        conditions.push(`${param(request.scope.filters.speaker.toLowerCase())} = ANY(p.speaker_keys)`);
      const sql = [MATCH_PASSAGES, ...conditions].join("\n  AND ");
      const [matched, details] = await Promise.all([
        db.query<{
          meeting_id: string;
          passage: number;
          topic: number;
          words: number;
          speakers: string[];
          hits: string;
          field_hits: string;
        }>(sql, params),
        db.query<{
          meeting_id: string;
          title: string | null;
          meeting_date: string | null;
          topics: IndexedTopic[];
        }>(MEETING_DETAILS, [request.scope.owner, request.meetingIds]),
      ]);
      const passages: PassageMatch[] = matched.rows.map((r) => ({
        meetingId: r.meeting_id,
        index: r.passage,
        topic: r.topic,
        words: r.words,
        speakers: r.speakers,
        positions: parseTsvector(r.hits),
        fieldLexemes: Object.keys(parseTsvector(r.field_hits)),
      }));
      const meetings: MeetingDetails[] = details.rows.map((r) => ({
        meetingId: r.meeting_id,
        ...(r.title !== null ? { title: r.title } : {}),
        ...(r.meeting_date !== null ? { date: r.meeting_date } : {}),
        topics: r.topics,
      }));
      return { passages, meetings };
    },

    async passages(keys, scope) {
      if (keys.length === 0) return [];
      const { rows } = await db.query<{
        meeting_id: string;
        passage: number;
        first_segment: number;
        last_segment: number;
        segments: StoredSegment[];
      }>(LOAD_PASSAGES, [scope.owner, keys.map((k) => k.meetingId), keys.map((k) => k.index)]);
      return rows.map((r) => ({
        meetingId: r.meeting_id,
        index: r.passage,
        first: r.first_segment,
        last: r.last_segment,
        segments: r.segments,
      }));
    },
  };
}

/** Per lexeme, its occurrences over a meeting's passages and how many passages hold it. */
class MeetingTermCounts {
  private readonly counts = new Map<string, { tf: number; passages: number }>();

  /** One passage's vector, in PostgreSQL's text form. */
  add(tsvector: string): void {
    for (const [lexeme, positions] of Object.entries(parseTsvector(tsvector))) {
      const c = this.counts.get(lexeme);
      const tf = positions.length;
      if (c) {
        c.tf += tf;
        c.passages += 1;
      } else this.counts.set(lexeme, { tf, passages: 1 });
    }
  }

  /** Lexemes, occurrences and passages as three parallel arrays. */
  columns(): [string[], number[], number[]] {
    const lexemes = [...this.counts.keys()];
    return [
      lexemes,
      lexemes.map((l) => this.counts.get(l)!.tf),
      lexemes.map((l) => this.counts.get(l)!.passages),
    ];
  }
}

/**
 * Passage text per indexing statement: PGlite's to_tsvector reads 32,000 characters in about
 * 5 ms here, and a one-hour meeting (about 50,000 characters) is two statements.
 */
const BATCH_CHARS = 32_000;

/** Consecutive passages, each batch's text at most `limit` characters (a longer passage is a batch alone). */
export function passageBatches<P extends { text: string }>(
  passages: readonly P[],
  limit = BATCH_CHARS,
): P[][] {
  const batches: P[][] = [];
  let batch: P[] = [];
  let size = 0;
  for (const p of passages) {
    if (batch.length > 0 && size + p.text.length > limit) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(p);
    size += p.text.length;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
