/** The questions asked of a meeting and their answers (core/ask AskTurn), deleted with the job. */
export default /* sql */ `
CREATE TABLE ask_turns (
  job_id   text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  turn_id  text NOT NULL,
  asked_at timestamptz NOT NULL,
  turn     jsonb NOT NULL,
  PRIMARY KEY (job_id, turn_id)
);
CREATE INDEX ask_turns_in_order ON ask_turns (job_id, asked_at, turn_id);
`;
