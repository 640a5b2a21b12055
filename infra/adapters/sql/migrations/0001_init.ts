/** The first schema. A migration never changes once it has shipped: the next one is a new file. */
export default /* sql */ `
-- The system of record: jobs, the meetings they analyzed, and prompt edits, each with its owner.
-- One schema for PostgreSQL and PGlite alike; JSON documents live in jsonb (or in text where their
-- bytes must come back exactly), and the columns queries filter on are generated from them.

-- A job's status record (JobRecordSchema). Patches merge into "record" in one statement.
CREATE TABLE jobs (
  job_id     text PRIMARY KEY,
  record     jsonb NOT NULL,
  status     text GENERATED ALWAYS AS (record->>'status') STORED,
  -- Who may see the job: a session id or a token fingerprint; NULL in open mode.
  owner      text GENERATED ALWAYS AS (record->>'owner') STORED,
  -- What the history's text filter looks in: the transcript's title, else the file name.
  title      text GENERATED ALWAYS AS (COALESCE(record->'source'->>'title', record->'source'->>'fileName')) STORED,
  created_at timestamptz NOT NULL
);
-- The history, newest first, for everyone (open mode) and per owner; the cursor is (created_at, job_id).
CREATE INDEX jobs_history ON jobs (created_at DESC, job_id DESC);
CREATE INDEX jobs_history_of_owner ON jobs (owner, created_at DESC, job_id DESC);
CREATE INDEX jobs_unfinished ON jobs (status) WHERE status IN ('queued', 'running');

-- What the request gave beside the transcript (plan, sealed credentials): JSON text, read whole.
CREATE TABLE job_inputs (
  job_id text PRIMARY KEY REFERENCES jobs (job_id) ON DELETE CASCADE,
  input  text NOT NULL
);

-- Each analyzer's state (AnalyzerState), one row per analyzer, so parallel workers never race.
CREATE TABLE job_analyzers (
  job_id text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  key    text NOT NULL,
  state  jsonb NOT NULL,
  PRIMARY KEY (job_id, key)
);

-- Write-once results: prepared input (computed analyses), analyzer answers, stage contexts, insights.
CREATE TABLE job_results (
  job_id     text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  key        text NOT NULL,
  value      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, key)
);

-- The meeting a job analyzed: the transcript's headers (everything but its segments) ...
CREATE TABLE meetings (
  job_id           text PRIMARY KEY REFERENCES jobs (job_id) ON DELETE CASCADE,
  owner            text,
  header           jsonb NOT NULL,
  format           text GENERATED ALWAYS AS (header->>'format') STORED,
  title            text GENERATED ALWAYS AS (header->>'title') STORED,
  meeting_date     text GENERATED ALWAYS AS (header->>'date') STORED,
  duration_seconds double precision GENERATED ALWAYS AS ((header->>'durationSeconds')::double precision) STORED,
  speakers         jsonb GENERATED ALWAYS AS (header->'speakers') STORED,
  created_at       timestamptz NOT NULL
);
CREATE INDEX meetings_of_owner ON meetings (owner, created_at DESC);

-- ... and its segments, one row per turn (seg-1 ...), ready for a full-text index.
CREATE TABLE segments (
  job_id        text NOT NULL REFERENCES meetings (job_id) ON DELETE CASCADE,
  position      integer NOT NULL,
  -- The segment without its text (id, index, speaker, start, end and whatever a later version adds).
  data          jsonb NOT NULL,
  text          text NOT NULL,
  segment_id    text GENERATED ALWAYS AS (data->>'id') STORED,
  speaker       text GENERATED ALWAYS AS (data->>'speaker') STORED,
  start_seconds double precision GENERATED ALWAYS AS ((data->>'start')::double precision) STORED,
  end_seconds   double precision GENERATED ALWAYS AS ((data->>'end')::double precision) STORED,
  PRIMARY KEY (job_id, position)
);

-- Edits of built-in prompts and custom analyzers. Owner '' is the deployment-wide set the
-- prompt registry uses today; per-account sets get their owner's id.
CREATE TABLE prompts (
  owner      text NOT NULL DEFAULT '',
  id         text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('override', 'custom')),
  text       text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (owner, id)
);
`;
