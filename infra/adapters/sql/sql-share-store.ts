import type { ShareLink, ShareStore } from "../../../core/ports";
import type { SqlClient } from "./sql-client";

interface Row {
  id: string;
  job_id: string;
  owner: string;
  created_at: Date | string;
  expires_at: Date | string | null;
}

const toLink = (r: Row): ShareLink => ({
  id: r.id,
  jobId: r.job_id,
  owner: r.owner,
  createdAt: new Date(r.created_at).toISOString(),
  ...(r.expires_at === null ? {} : { expiresAt: new Date(r.expires_at).toISOString() }),
});

const LIVE = "(expires_at IS NULL OR expires_at > now())";
const COLUMNS = "id, job_id, owner, created_at, expires_at";

/**
 * Share links in SQL beside the jobs they open, so a link lives until revoked, its job deleted, or
 * the end its owner gave it, whatever restarts meanwhile. Expired rows are never answered and are
 * removed when their job's links are listed.
 */
export function createSqlShareStore(db: SqlClient): ShareStore {
  return {
    async put(link) {
      await db.query(
        `INSERT INTO share_links (${COLUMNS})
         VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz)
         ON CONFLICT (id) DO NOTHING`,
        [link.id, link.jobId, link.owner, link.createdAt, link.expiresAt ?? null],
      );
    },
    async get(id) {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM share_links WHERE id = $1 AND ${LIVE}`, [
        id,
      ]);
      return rows[0] ? toLink(rows[0]) : null;
    },
    async list(jobId) {
      await db.query(`DELETE FROM share_links WHERE job_id = $1 AND NOT (${LIVE})`, [jobId]);
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM share_links WHERE job_id = $1 AND ${LIVE}
         ORDER BY created_at, id`,
        [jobId],
      );
      return rows.map(toLink);
    },
    async delete(id) {
      await db.query("DELETE FROM share_links WHERE id = $1", [id]);
    },
  };
}
