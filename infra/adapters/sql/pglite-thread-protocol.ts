/** The messages between a PGlite thread and the client that owns it. */
export type PgliteThreadRequest =
  | { id: number; op: "open"; dir: string | undefined; relaxedDurability: boolean }
  | { id: number; op: "query"; text: string; params: readonly unknown[] }
  | { id: number; op: "exec"; text: string }
  | { id: number; op: "close" };

/** A database error as plain fields: what `isUnavailable` and `describeSqlError` read. */
export interface PgliteThreadError {
  name: string;
  message: string;
  code?: string;
  detail?: string;
  position?: string;
}

export type PgliteThreadReply =
  | { id: number; ok: true; value?: { rows: unknown[]; rowCount: number } }
  | { id: number; ok: false; error: PgliteThreadError };
