/**
 * The search index's statements (its tables are migration 0003_search): PostgreSQL full-text search (the `english` text search
 * configuration, `tsvector` columns with GIN indexes), the same text on a PostgreSQL server and on
 * PGlite. Every value travels as a parameter; no statement is built from a value.
 */

/** A meeting, its passages and its term counts (no foreign key deletes them: migration 0006). */
export const DELETE_MEETING = `
WITH terms AS (DELETE FROM search_terms WHERE meeting_id = $1),
     passages AS (DELETE FROM search_passages WHERE meeting_id = $1)
DELETE FROM search_meetings WHERE meeting_id = $1`;

export const INSERT_MEETING = `
INSERT INTO search_meetings (meeting_id, owner, title, meeting_date, words, passages, speakers, speaker_keys, topics)
VALUES ($1, $2, $3, $4::date, $5, $6, $7::text[], $8::text[], $9::jsonb)`;

export const INSERT_PASSAGES = `
INSERT INTO search_passages
  (meeting_id, owner, passage, topic, first_segment, last_segment, speakers, speaker_keys, words, segments, tsv, fields)
SELECT $1, $2, x.index, x.topic, x.first, x.last,
       ARRAY(SELECT jsonb_array_elements_text(x.speakers)),
       ARRAY(SELECT lower(jsonb_array_elements_text(x.speakers))),
       x.words, x.segments, to_tsvector('english', x.text), to_tsvector('english', x.fields)
FROM jsonb_to_recordset($3::jsonb)
  AS x(index integer, topic integer, first integer, last integer, speakers jsonb, words integer,
       segments jsonb, text text, fields text)
RETURNING tsv::text AS tsv`;

/** A meeting's term counts, as parallel arrays: $3 lexemes, $4 occurrences, $5 passages holding it. */
export const INSERT_TERMS = `
INSERT INTO search_terms (owner, lexeme, meeting_id, tf, passages)
SELECT $2, t.lexeme, $1, t.tf, t.passages
FROM unnest($3::text[], $4::int[], $5::int[]) AS t(lexeme, tf, passages)`;

/** Each word's lexemes, in the order given (an empty array for a stopword). */
export const ANALYZE = `
SELECT w.ord, coalesce(array_agg(u.lexeme ORDER BY u.lexeme) FILTER (WHERE u.lexeme IS NOT NULL), '{}') AS lexemes
FROM unnest($1::text[]) WITH ORDINALITY AS w(word, ord)
LEFT JOIN LATERAL unnest(to_tsvector('english', w.word)) AS u ON true
GROUP BY w.ord
ORDER BY w.ord`;

/**
 * The meetings a search may read: the owner's (everyone's for a null owner: open mode), narrowed by the filters. $1 owner, $2 meeting ids
 * or null, $3 from or null, $4 to or null, $5 a speaker (lowercase) or null.
 */
const SCOPE = `
SELECT meeting_id, words, passages, speakers FROM search_meetings
WHERE ($1::text IS NULL OR owner = $1)
  AND ($2::text[] IS NULL OR meeting_id = ANY($2::text[]))
  AND ($3::date IS NULL OR meeting_date >= $3::date)
  AND ($4::date IS NULL OR meeting_date <= $4::date)
  AND ($5::text IS NULL OR $5::text = ANY(speaker_keys))`;

export const SCOPE_TOTALS = `
WITH scope AS (${SCOPE})
SELECT count(*)::int AS meetings, coalesce(sum(passages), 0)::int AS passages, coalesce(sum(words), 0)::bigint AS words,
       coalesce((SELECT array_agg(DISTINCT s) FROM scope, unnest(scope.speakers) s), '{}') AS speakers
FROM scope`;

/** $6: the lexemes. */
export const SCOPE_TERMS = `
WITH scope AS (${SCOPE})
SELECT t.lexeme, t.meeting_id, t.tf, t.passages, s.words
FROM search_terms t JOIN scope s USING (meeting_id)
WHERE ($1::text IS NULL OR t.owner = $1) AND t.lexeme = ANY($6::text[])`;

export const MEETING_DETAILS = `
SELECT meeting_id, title, to_char(meeting_date, 'YYYY-MM-DD') AS meeting_date, topics
FROM search_meetings WHERE ($1::text IS NULL OR owner = $1) AND meeting_id = ANY($2::text[])`;

/**
 * Passages of some meetings matching `$3::tsquery` (and the filter conditions the caller adds), with
 * only the query lexemes kept of their vectors. $1 owner, $2 meeting ids, $3 tsquery, $4 lexemes.
 */
export const MATCH_PASSAGES = `
SELECT p.meeting_id, p.passage, p.topic, p.words, p.speakers,
       ts_filter(setweight(p.tsv, 'A', $4::text[]), '{a}')::text AS hits,
       ts_filter(setweight(p.fields, 'A', $4::text[]), '{a}')::text AS field_hits
FROM search_passages p
WHERE ($1::text IS NULL OR p.owner = $1) AND p.meeting_id = ANY($2::text[]) AND p.tsv @@ $3::tsquery`;

export const LOAD_PASSAGES = `
SELECT p.meeting_id, p.passage, p.first_segment, p.last_segment, p.segments
FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS k(meeting_id, passage, ord)
JOIN search_passages p ON p.meeting_id = k.meeting_id AND p.passage = k.passage
WHERE ($1::text IS NULL OR p.owner = $1)
ORDER BY k.ord`;
