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
 * Counts a request's input tokens without holding up the event loop: long contents are counted a
 * piece at a time with a turn for other work between pieces (so a call can go out and other
 * answers come in meanwhile), and recent long contents are remembered, since the calls of one job
 * repeat the same transcript or context block.
 */
export function createMessageCounter(remember = 32): (messages: readonly LlmMessage[]) => Promise<number> {
  const counts = new Map<string, Promise<number>>();
  const count = (content: string): Promise<number> | number => {
    if (content.length < PIECE_CHARS) return countTokens(content);
    let n = counts.get(content);
    if (n === undefined) {
      n = countInPieces(content);
      if (counts.size >= remember) counts.delete(counts.keys().next().value!);
      counts.set(content, n);
    }
    return n;
  };
  return async (messages) => {
    let total = TOKENS_PER_REPLY;
    for (const m of messages) total += TOKENS_PER_MESSAGE + countTokens(m.role) + (await count(m.content));
    return total;
  };
}

const PIECE_CHARS = 4_000;

/** Pieces cut at whitespace count within a token or two of the whole; a turn is given after each. */
async function countInPieces(text: string): Promise<number> {
  let total = 0;
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + PIECE_CHARS);
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end);
      if (space > at) end = space;
    }
    total += countTokens(text.slice(at, end));
    at = end;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return total;
}

/**
 * A bound no token count can pass, found without the tokenizer: every token stands for at least one
 * byte of UTF-8, so a text has at most its byte length in tokens. When the bound already fits a
 * budget the exact count (milliseconds for a long transcript) can be skipped.
 */
export function tokensAtMost(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Three for every other unit: a surrogate pair (four bytes) gets six, a lone one its three.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return bytes;
}

/** `countMessageTokens`'s bound by `tokensAtMost`. */
export function messageTokensAtMost(messages: readonly LlmMessage[]): number {
  let total = TOKENS_PER_REPLY;
  for (const m of messages) total += TOKENS_PER_MESSAGE + tokensAtMost(m.role) + tokensAtMost(m.content);
  return total;
}

/**
 * A cheap estimate for hot paths such as pacing calls: about 4 characters a token in alphabetic
 * scripts, one a character in Chinese, Japanese and Korean. Use countTokens where the exact
 * number matters.
 */
export function estimateTokens(text: string): number {
  const wide = text.match(WIDE_SCRIPT)?.length ?? 0;
  return Math.ceil((text.length - wide) / 4) + wide;
}

/** `countMessageTokens` by estimate. */
export function estimateMessageTokens(messages: readonly LlmMessage[]): number {
  return messages.reduce((n, m) => n + TOKENS_PER_MESSAGE + estimateTokens(m.content), TOKENS_PER_REPLY);
}

const WIDE_SCRIPT = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/g;
