/**
 * Simulates the provider's prompt cache: a request's cached input tokens are the longest token
 * prefix it shares with an earlier request of the same model (and the same cache key, when one is
 * given), counted in blocks of 128 tokens and only from 1,024 tokens on, as OpenAI bills them.
 */

export const CACHE_MIN_TOKENS = 1024;
export const CACHE_BLOCK_TOKENS = 128;
/** Earlier prompts kept per model, enough for a few jobs' worth of calls. */
const HISTORY_PER_MODEL = 64;

/**
 * A prompt's tokens, a piece (a line) at a time: prompts that share text share the pieces' arrays,
 * so a shared prefix is found a piece at a time rather than a token at a time.
 */
export type TokenLines = ReadonlyArray<readonly number[]>;

export const tokenCount = (tokens: TokenLines): number => tokens.reduce((n, t) => n + t.length, 0);

interface Entry {
  cacheKey: string | undefined;
  tokens: TokenLines;
}

export interface PrefixCache {
  /** Cached tokens for this prompt; then remembers it for later requests. */
  lookup(model: string, cacheKey: string | undefined, tokens: TokenLines): number;
  reset(): void;
}

export function createPrefixCache(): PrefixCache {
  const history = new Map<string, Entry[]>();
  return {
    lookup(model, cacheKey, tokens) {
      const entries = history.get(model) ?? [];
      let longest = 0;
      for (const entry of entries) {
        if (cacheKey !== undefined && entry.cacheKey !== cacheKey) continue;
        longest = Math.max(longest, commonPrefix(entry.tokens, tokens));
      }
      entries.push({ cacheKey, tokens });
      if (entries.length > HISTORY_PER_MODEL) entries.shift();
      history.set(model, entries);
      return cachedFromShared(longest);
    },
    reset() {
      history.clear();
    },
  };
}

export function cachedFromShared(sharedTokens: number): number {
  if (sharedTokens < CACHE_MIN_TOKENS) return 0;
  return Math.floor(sharedTokens / CACHE_BLOCK_TOKENS) * CACHE_BLOCK_TOKENS;
}

/** Tokens the two sequences share from their start, as if each were one flat array. */
function commonPrefix(a: TokenLines, b: TokenLines): number {
  let shared = 0;
  let i = 0;
  // Whole pieces while they are the same array (or hold the same tokens).
  for (; i < a.length && i < b.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (x.length !== y.length || x.some((t, k) => t !== y[k]))) break;
    shared += x.length;
  }
  // From the first piece that differs, token by token across the pieces.
  let [pa, ka, pb, kb] = [i, 0, i, 0];
  for (;;) {
    while (pa < a.length && ka >= a[pa]!.length) [pa, ka] = [pa + 1, 0];
    while (pb < b.length && kb >= b[pb]!.length) [pb, kb] = [pb + 1, 0];
    if (pa >= a.length || pb >= b.length || a[pa]![ka] !== b[pb]![kb]) return shared;
    shared++;
    ka++;
    kb++;
  }
}
