/**
 * The baseline: plain BM25 (k1 = 1.2, b = 0.75) over windows of three turns (turns 0-2, 3-5, …, not
 * overlapping), every word of the question a query term. Words are stemmed and stopwords dropped by
 * the same PostgreSQL analysis the product's index uses, so the two differ in ranking and passages only.
 */

import { cleanText } from "../../core/computed/tokenize";
import { BM25_STANDARD, bm25, idf } from "../../core/search/bm25";
import type { SqlQuery } from "../../infra/adapters/sql/sql-client";
import { parseTsvector } from "../../infra/adapters/sql/tsvector";
import type { LibraryMeeting } from "./dev-library";
import type { RankedRange } from "./metrics";

interface Window extends RankedRange {
  tf: Map<string, number>;
  length: number;
}

export interface Bm25Index {
  windows: Window[];
  df: Map<string, number>;
  averageLength: number;
}

const vectors = async (db: SqlQuery, texts: string[]): Promise<Record<string, number[]>[]> => {
  const { rows } = await db.query<{ v: string }>(
    "SELECT to_tsvector('english', t)::text AS v FROM unnest($1::text[]) WITH ORDINALITY AS x(t, ord) ORDER BY ord",
    [texts],
  );
  return rows.map((r) => parseTsvector(r.v));
};

/** Windows of `size` turns; the length of a window is its word count as the analysis counts positions. */
export async function buildBm25Index(
  db: SqlQuery,
  meetings: readonly LibraryMeeting[],
  size = 3,
): Promise<Bm25Index> {
  const windows: Window[] = [];
  for (const m of meetings) {
    const segments = m.transcript.segments;
    const ranges: Array<[number, number]> = [];
    for (let first = 0; first < segments.length; first += size)
      ranges.push([first, Math.min(segments.length, first + size) - 1]);
    const texts = ranges.map(([a, b]) =>
      segments
        .slice(a, b + 1)
        .map((s) => cleanText(s.text))
        .join("\n"),
    );
    const vs = await vectors(db, texts);
    ranges.forEach(([first, last], i) => {
      const v = vs[i]!;
      const tf = new Map(Object.entries(v).map(([t, ps]) => [t, ps.length]));
      const length = [...tf.values()].reduce((a, b) => a + b, 0);
      windows.push({ meeting: m.name, first, last, tf, length });
    });
  }
  const df = new Map<string, number>();
  for (const w of windows) for (const t of w.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const averageLength = windows.reduce((a, w) => a + w.length, 0) / Math.max(1, windows.length);
  return { windows, df, averageLength };
}

/** The windows ranked for a question, best first (ties: meeting, then position). */
export async function bm25Search(
  db: SqlQuery,
  index: Bm25Index,
  question: string,
  depth = 20,
): Promise<RankedRange[]> {
  const [q] = await vectors(db, [question]);
  const idfs = new Map(Object.keys(q!).map((t) => [t, idf(index.windows.length, index.df.get(t) ?? 0)]));
  return index.windows
    .map((w) => ({ w, score: bm25(w.tf, idfs, w.length, index.averageLength, BM25_STANDARD) }))
    .filter((x) => x.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.w.meeting < b.w.meeting ? -1 : a.w.meeting > b.w.meeting ? 1 : a.w.first - b.w.first),
    )
    .slice(0, depth)
    .map(({ w }) => ({ meeting: w.meeting, first: w.first, last: w.last }));
}
