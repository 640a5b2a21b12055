import * as v from "valibot";
import { AskTurnSchema } from "../../../core/ask/model";
import type { AskThreads } from "../../../core/ports";
import type { SqlClient } from "./sql-client";

/** A meeting's question-and-answer thread in the SQL store (migration 0004_ask_threads). */
export function createSqlAskThreads(db: SqlClient): AskThreads {
  return {
    async put(meetingId, turn) {
      await db.query(
        `INSERT INTO ask_turns (job_id, turn_id, asked_at, turn) VALUES ($1, $2, $3::timestamptz, $4::jsonb)
         ON CONFLICT (job_id, turn_id) DO UPDATE SET turn = EXCLUDED.turn`,
        [meetingId, turn.id, turn.askedAt, JSON.stringify(turn)],
      );
    },
    async list(meetingId) {
      const { rows } = await db.query<{ turn: unknown }>(
        "SELECT turn FROM ask_turns WHERE job_id = $1 ORDER BY asked_at, turn_id",
        [meetingId],
      );
      return rows.map((r) => v.parse(AskTurnSchema, r.turn));
    },
  };
}
