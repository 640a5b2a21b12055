import type { MeetingEditor } from "../../../core/ports";
import { jsonParam, textParam } from "./json-param";
import type { SqlClient } from "./sql-client";
import type { WriteOnceCache } from "./sql-job-store";

/**
 * Meeting edits in the SQL store: one transaction for header, segments and the prepared input.
 * `cache`: the job store's cache of write-once values, which a rename is the one exception to;
 * it forgets the job's so this process reads the new names at once. (Another process's copy
 * lasts until it is evicted: renames are for finished meetings, which no worker reads again.)
 */
export function createSqlMeetingEditor(db: SqlClient, cache?: Pick<WriteOnceCache, "forget">): MeetingEditor {
  return {
    async renameSpeakers(jobId, names, speakers, prepared) {
      await db.transaction(async (tx) => {
        await tx.query(
          "UPDATE meetings SET header = jsonb_set(header, '{speakers}', $2::jsonb) WHERE job_id = $1",
          [jobId, jsonParam(speakers)],
        );
        await tx.query(
          `UPDATE segments SET data = jsonb_set(data, '{speaker}', ($2::jsonb) -> (data->>'speaker'))
           WHERE job_id = $1 AND ($2::jsonb) ? (data->>'speaker')`,
          [jobId, jsonParam(names)],
        );
        await tx.query("UPDATE job_results SET value = $2 WHERE job_id = $1 AND key = 'prepared'", [
          jobId,
          textParam(prepared),
        ]);
      });
      cache?.forget(jobId);
    },
  };
}
