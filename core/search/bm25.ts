/**
 * Okapi BM25 (Robertson and Zaragoza 2009), the standard form: k1 = 1.2, b = 0.75, and the IDF
 * that stays positive for a term in most documents, ln(1 + (N - df + 0.5) / (df + 0.5)).
 */
export interface Bm25Params {
  k1: number;
  b: number;
}

export const BM25_STANDARD: Bm25Params = { k1: 1.2, b: 0.75 };

export function idf(documents: number, documentFrequency: number): number {
  return Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** One term's contribution: its IDF times the saturated, length-normalized term frequency. */
export function bm25Term(
  termIdf: number,
  tf: number,
  length: number,
  averageLength: number,
  { k1, b }: Bm25Params = BM25_STANDARD,
): number {
  if (tf <= 0) return 0;
  const norm = 1 - b + b * (averageLength > 0 ? length / averageLength : 1);
  return (termIdf * (tf * (k1 + 1))) / (tf + k1 * norm);
}

/** The BM25 score of a document, given its term frequencies and each query term's IDF. */
export function bm25(
  tfs: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
  idfs: ReadonlyMap<string, number>,
  length: number,
  averageLength: number,
  params: Bm25Params = BM25_STANDARD,
): number {
  const tfOf =
    tfs instanceof Map
      ? (t: string) => tfs.get(t) ?? 0
      : (t: string) => (tfs as Record<string, number>)[t] ?? 0;
  let score = 0;
  for (const [term, termIdf] of idfs) score += bm25Term(termIdf, tfOf(term), length, averageLength, params);
  return score;
}
