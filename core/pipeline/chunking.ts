import type { Segment } from "../transcript/model";

export interface Chunk {
  /** 1-based. */
  index: number;
  segments: Segment[];
  firstId: string;
  lastId: string;
}

/**
 * Splits segments into chunks of at most `maxTokens` (as `count` measures each segment's rendered
 * block), at segment boundaries, each chunk after the first repeating the last `overlap` segments of
 * the one before so that an exchange cut by a boundary is read whole at least once. A segment too
 * long for a chunk by itself is split into parts at sentence or word ends, each part keeping the
 * segment's id: nothing is ever dropped.
 */
export function chunkSegments(
  segments: readonly Segment[],
  maxTokens: number,
  count: (segment: Segment) => number,
  overlap = 2,
): Chunk[] {
  if (maxTokens < 50) throw new RangeError("a chunk must hold at least 50 tokens");
  const pieces: Array<{ segment: Segment; tokens: number }> = [];
  for (const segment of segments) {
    const tokens = count(segment);
    if (tokens <= maxTokens / 2) pieces.push({ segment, tokens });
    else
      for (const part of splitSegment(segment, tokens, maxTokens / 2))
        pieces.push({ segment: part, tokens: count(part) });
  }

  const chunks: Chunk[] = [];
  let start = 0;
  while (start < pieces.length) {
    let end = start;
    let used = 0;
    while (end < pieces.length && (end === start || used + pieces[end]!.tokens <= maxTokens)) {
      used += pieces[end]!.tokens;
      end++;
    }
    const list = pieces.slice(start, end).map((p) => p.segment);
    chunks.push({ index: chunks.length + 1, segments: list, firstId: list[0]!.id, lastId: list.at(-1)!.id });
    if (end >= pieces.length) break;
    // Overlap never rewinds past the chunk's own start, so every chunk makes progress.
    let back = 0;
    let backTokens = 0;
    while (
      back < overlap &&
      end - back - 1 > start &&
      backTokens + pieces[end - back - 1]!.tokens <= maxTokens / 4
    ) {
      backTokens += pieces[end - back - 1]!.tokens;
      back++;
    }
    start = end - back;
  }
  return chunks;
}

/** Parts of one oversized segment, each under `limit` tokens by a proportional character estimate. */
function splitSegment(segment: Segment, tokens: number, limit: number): Segment[] {
  const parts = Math.ceil(tokens / limit);
  const target = Math.ceil(segment.text.length / parts);
  const out: string[] = [];
  let rest = segment.text;
  while (rest.length > target * 1.1) {
    let cut = rest.lastIndexOf(". ", target);
    if (cut < target / 2) cut = rest.lastIndexOf(" ", target);
    if (cut < target / 2) cut = target;
    out.push(rest.slice(0, cut + 1).trim());
    rest = rest.slice(cut + 1);
  }
  if (rest.trim()) out.push(rest.trim());
  return out.map((text, i) => ({ ...segment, text: `(part ${i + 1} of ${out.length}) ${text}` }));
}
