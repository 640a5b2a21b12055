/**
 * Simulates the provider's prompt cache: a request's cached input tokens are the longest token
 * prefix it shares with an earlier request of the same model (and the same cache key, when one is
 * given), counted in blocks of 128 tokens and only from 1,024 tokens on, as OpenAI bills them.
 */

export const CACHE_MIN_TOKENS = 1024;
export const CACHE_BLOCK_TOKENS = 128;
/** Earlier prompts kept per model, enough for a few jobs' worth of calls. */
const HISTORY_PER_MODEL = 64;

interface Entry {
  cacheKey: string | undefined;
  tokens: readonly number[];
}

export interface PrefixCache {
  /** Cached tokens for this prompt; then remembers it for later requests. */
  lookup(model: string, cacheKey: string | undefined, tokens: readonly number[]): number;
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

function commonPrefix(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
