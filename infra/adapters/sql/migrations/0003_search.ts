/**
 * The search index: PostgreSQL full-text search (the `english` configuration, stemmed `tsvector`
 * columns with a GIN index), the same SQL on a PostgreSQL server and on PGlite. A meeting's rows are
 * written when its job's transcript is prepared and deleted with the job; meeting_id is the job id.
 * Owner '' is open mode's (no API tokens: every meeting is everyone's).
 */
export default /* sql */ `
-- One row per indexed meeting: what ranking needs of it without reading its passages.
CREATE TABLE search_meetings (
  meeting_id   text PRIMARY KEY,
  owner        text NOT NULL,
  title        text,
  meeting_date date,
  words        integer NOT NULL,
  passages     integer NOT NULL,
  speakers     text[] NOT NULL,
  speaker_keys text[] NOT NULL,
  topics       jsonb NOT NULL,
  indexed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_meetings_owner ON search_meetings (owner, meeting_date);

CREATE TABLE search_passages (
  meeting_id    text NOT NULL REFERENCES search_meetings ON DELETE CASCADE,
  passage       integer NOT NULL,
  owner         text NOT NULL,
  topic         integer NOT NULL,
  first_segment integer NOT NULL,
  last_segment  integer NOT NULL,
  speakers      text[] NOT NULL,
  speaker_keys  text[] NOT NULL,
  words         integer NOT NULL,
  segments      jsonb NOT NULL,
  tsv           tsvector NOT NULL,
  fields        tsvector NOT NULL,
  PRIMARY KEY (meeting_id, passage)
);
CREATE INDEX search_passages_tsv ON search_passages USING gin (tsv);

-- How often each lexeme occurs in each meeting: IDF and meeting-level ranking read it.
CREATE TABLE search_terms (
  owner      text NOT NULL,
  lexeme     text NOT NULL,
  meeting_id text NOT NULL REFERENCES search_meetings ON DELETE CASCADE,
  tf         integer NOT NULL,
  passages   integer NOT NULL,
  PRIMARY KEY (owner, lexeme, meeting_id)
);
CREATE INDEX search_terms_meeting ON search_terms (meeting_id);
`;
