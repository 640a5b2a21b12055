/** Read-only share links of jobs, kept with the jobs so they outlive a restart of Redis or the host. */
export default /* sql */ `
-- One row per live link. "id" is the sha256 of the link's token (hex): the token itself is never
-- stored, so a copy of the database opens nothing. A link goes with its job.
CREATE TABLE share_links (
  id         text PRIMARY KEY,
  job_id     text NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  owner      text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX share_links_of_job ON share_links (job_id, created_at);
`;
