import {
  checkPromptId,
  checkStoredPrompt,
  type PromptStore,
  type StoredPrompt,
  type StoredPromptKind,
} from "../../../core/prompts/store";
import { textParam } from "./json-param";
import type { SqlClient } from "./sql-client";

interface Row {
  id: string;
  kind: StoredPromptKind;
  text: string;
  updated_at: Date;
}

const toPrompt = (r: Row): StoredPrompt => ({
  id: r.id,
  kind: r.kind,
  text: r.text,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/**
 * Prompt edits and custom analyzers in SQL, one row per id within an owner's set, so every replica
 * of the app and every worker sees the same prompts. `owner` '' is the deployment-wide set.
 */
export function createSqlPromptStore(db: SqlClient, owner = ""): PromptStore {
  return {
    async list() {
      const { rows } = await db.query<Row>(
        "SELECT id, kind, text, updated_at FROM prompts WHERE owner = $1 ORDER BY id",
        [owner],
      );
      return rows.map(toPrompt);
    },

    async get(id) {
      const { rows } = await db.query<Row>(
        "SELECT id, kind, text, updated_at FROM prompts WHERE owner = $1 AND id = $2",
        [owner, checkPromptId(id)],
      );
      return rows[0] ? toPrompt(rows[0]) : undefined;
    },

    async put(input) {
      const p = checkStoredPrompt(input);
      await db.query(
        `INSERT INTO prompts (owner, id, kind, text, updated_at) VALUES ($1, $2, $3, $4, $5::timestamptz)
         ON CONFLICT (owner, id) DO UPDATE SET kind = EXCLUDED.kind, text = EXCLUDED.text, updated_at = EXCLUDED.updated_at`,
        [owner, p.id, p.kind, textParam(p.text), p.updatedAt],
      );
    },

    async delete(id) {
      const { rowCount } = await db.query("DELETE FROM prompts WHERE owner = $1 AND id = $2", [
        owner,
        checkPromptId(id),
      ]);
      return rowCount > 0;
    },

    async clear(kind) {
      await db.query("DELETE FROM prompts WHERE owner = $1 AND ($2::text IS NULL OR kind = $2::text)", [
        owner,
        kind ?? null,
      ]);
    },
  };
}
