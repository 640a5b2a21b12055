import { words } from "./tokenize";

export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * The tokenization every ROUGE score here uses, so that reports can say it exactly: lowercased;
 * corpus markers (`{vocalsound}`) removed; the corpus's split clitics and spelled letters joined
 * ("I 'm" is "i'm", "T_V_" is "tv"); a token is a run of letters or digits, kept whole across an
 * inner apostrophe or hyphen ("don't", "mm-hmm") or decimal point ("1.5"); stopwords kept; no stemming.
 */
export const ROUGE_TOKENIZATION =
  "lowercased; corpus markers such as {vocalsound} removed; split clitics and spelled letters joined (\"I 'm\" → i'm, T_V_ → tv); a token is a run of letters/digits kept whole across an inner apostrophe, hyphen or decimal point; all other characters separate tokens; stopwords kept; no stemming";

const ngrams = (tokens: readonly string[], n: number): Map<string, number> => {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(" ");
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
};

/** ROUGE-N (Lin 2004): clipped n-gram overlap of a candidate summary with a reference. */
export function rougeN(candidate: string, reference: string, n: number): RougeScore {
  const c = ngrams(words(candidate), n);
  const r = ngrams(words(reference), n);
  let overlap = 0;
  for (const [gram, count] of c) overlap += Math.min(count, r.get(gram) ?? 0);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const candidateLength = total(c);
  const referenceLength = total(r);
  const precision = candidateLength > 0 ? overlap / candidateLength : 0;
  const recall = referenceLength > 0 ? overlap / referenceLength : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/** ROUGE-1: unigram overlap, counts clipped; tokenized as ROUGE_TOKENIZATION says. */
export const rouge1 = (candidate: string, reference: string): RougeScore => rougeN(candidate, reference, 1);

/** ROUGE-2: bigram overlap over the same tokens, across sentence ends as the original does. */
export const rouge2 = (candidate: string, reference: string): RougeScore => rougeN(candidate, reference, 2);
