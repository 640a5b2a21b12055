// The o200k_base entry alone: the package's main entry loads every encoding and is much slower to import.
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import type { LlmMessage } from "../ports";

/** Exact token count with o200k_base, the encoding of the gpt-4o, gpt-4.1, gpt-5 and o-series models. */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : countO200k(text);
}

// Chat framing per OpenAI's counting recipe: each message costs a few tokens around its role and
// content, and the reply is primed with a few more.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

/** Input tokens a request with these messages costs, within a few tokens of what the service bills. */
export function countMessageTokens(messages: readonly LlmMessage[]): number {
  let total = TOKENS_PER_REPLY;
  for (const m of messages) total += TOKENS_PER_MESSAGE + countTokens(m.role) + countTokens(m.content);
  return total;
}

/**
 * `countMessageTokens` that remembers the counts of recent long contents: the calls of one job
 * repeat the same transcript or context block, which need not be tokenized again for each.
 */
export function createMessageCounter(remember = 32): (messages: readonly LlmMessage[]) => number {
  const counts = new Map<string, number>();
  const count = (content: string) => {
    if (content.length < 2_000) return countTokens(content);
    let n = counts.get(content);
    if (n === undefined) {
      n = countTokens(content);
      if (counts.size >= remember) counts.delete(counts.keys().next().value!);
      counts.set(content, n);
    }
    return n;
  };
  return (messages) => {
    let total = TOKENS_PER_REPLY;
    for (const m of messages) total += TOKENS_PER_MESSAGE + countTokens(m.role) + count(m.content);
    return total;
  };
}

/**
 * A cheap upper-leaning estimate (about 4 characters per token in English prose) for hot paths
 * such as chunk planning; use countTokens where the exact number matters.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
