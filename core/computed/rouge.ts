import { words } from "./tokenize";

export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * ROUGE-1 (Lin 2004): unigram overlap of a candidate summary with a reference, counts clipped.
 * Text is lowercased, corpus markers and punctuation are removed, stopwords are kept, and words are
 * not stemmed.
 */
export function rouge1(candidate: string, reference: string): RougeScore {
  const count = (tokens: string[]) => {
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts;
  };
  const c = words(candidate);
  const r = count(words(reference));
  let overlap = 0;
  for (const [token, n] of count(c)) overlap += Math.min(n, r.get(token) ?? 0);
  const referenceLength = [...r.values()].reduce((a, b) => a + b, 0);
  const precision = c.length > 0 ? overlap / c.length : 0;
  const recall = referenceLength > 0 ? overlap / referenceLength : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
