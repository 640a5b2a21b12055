import type { PreparedSentence } from "./prepare-transcript";

export type TermCounts = Map<string, number>;

/**
 * Content unigrams and bigrams of some sentences. A bigram is two content words said one after the
 * other within a sentence ("remote control"), never across a stopword or a sentence end.
 */
export function countTerms(sentences: Iterable<PreparedSentence>, into: TermCounts = new Map()): TermCounts {
  for (const { terms } of sentences) {
    let previous: string | null = null;
    for (const term of terms) {
      if (term !== null) {
        into.set(term, (into.get(term) ?? 0) + 1);
        if (previous !== null && previous !== term) {
          const bigram = `${previous} ${term}`;
          into.set(bigram, (into.get(bigram) ?? 0) + 1);
        }
      }
      previous = term;
    }
  }
  return into;
}

export interface RankedTerm {
  term: string;
  score: number;
}

/** Bigrams name things ("remote control") better than either word; weigh them up. */
const BIGRAM_WEIGHT = 1.5;
/** A word said mostly inside a listed bigram adds nothing beside it. */
const SUBSUMED = 0.5;

export interface RankOptions {
  /** Terms said fewer times in the target are not ranked. */
  minCount?: number;
  /** A further factor per term, e.g. how much of a term's use falls inside one topic. */
  weight?: (term: string) => number;
  /** documentFrequencies(docs), when the caller ranks several targets against the same documents. */
  df?: ReadonlyMap<string, number>;
}

/** In how many of `docs` each term occurs. */
export function documentFrequencies(docs: readonly TermCounts[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of doc.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  return df;
}

/**
 * The top terms of `target` by a TF-IDF score, `tf * ln(1 + N / df)` with the documents `docs`, so
 * words spread evenly through the meeting rank below words that mark a part of it. Scores are
 * raw; callers normalize.
 */
export function rankTerms(
  target: TermCounts,
  docs: readonly TermCounts[],
  n: number,
  { minCount = 2, weight, df = documentFrequencies(docs) }: RankOptions = {},
): RankedTerm[] {
  const ranked: RankedTerm[] = [];
  for (const [term, tf] of target) {
    if (tf < minCount) continue;
    const idf = Math.log(1 + docs.length / (df.get(term) ?? 1));
    const factor = (term.includes(" ") ? BIGRAM_WEIGHT : 1) * (weight ? weight(term) : 1);
    ranked.push({ term, score: tf * idf * factor });
  }
  // Ties broken by the term, so the order never depends on Map insertion.
  ranked.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
  const candidates = ranked.slice(0, 3 * n);
  const bigrams = candidates.filter((r) => r.term.includes(" "));
  const kept = candidates.filter((r) => {
    if (r.term.includes(" ")) return true;
    const tf = target.get(r.term) ?? 0;
    return !bigrams.some(
      (b) => b.term.split(" ").includes(r.term) && (target.get(b.term) ?? 0) >= SUBSUMED * tf,
    );
  });
  return kept.slice(0, n);
}
