/**
 * Fair-share token budget for a context built from several analyzers' outputs: each gets a floor
 * (so none is starved), the rest goes in proportion to length (so long analyses keep more), and
 * nobody gets more than it has. Pure arithmetic on token counts.
 */
export function allocateBudget(lengths: readonly number[], budget: number, floor?: number): number[] {
  const n = lengths.length;
  const total = lengths.reduce((a, b) => a + b, 0);
  if (n === 0) return [];
  if (total <= budget) return [...lengths];
  const available = Math.max(0, Math.floor(budget));
  // Half the budget is shared equally by default; no floor may exceed an equal share.
  const fair = Math.floor(Math.min(floor ?? available / (2 * n), available / n));
  const alloc = lengths.map((len) => Math.min(len, fair));
  let rest = available - alloc.reduce((a, b) => a + b, 0);

  // Water-filling in proportion to length among those still short of their length.
  for (let round = 0; round < n && rest > 0; round++) {
    const hungry = lengths.map((len, i) => (alloc[i]! < len ? i : -1)).filter((i) => i >= 0);
    if (hungry.length === 0) break;
    const weight = hungry.reduce((a, i) => a + lengths[i]!, 0);
    let given = 0;
    for (const i of hungry) {
      const share = Math.floor((rest * lengths[i]!) / weight);
      const add = Math.min(share, lengths[i]! - alloc[i]!);
      alloc[i]! += add;
      given += add;
    }
    rest -= given;
    if (given === 0) {
      // Shares rounded down to nothing: hand out the last tokens one by one, longest first.
      for (const i of hungry.sort((a, b) => lengths[b]! - lengths[a]!)) {
        if (rest === 0) break;
        alloc[i]! += 1;
        rest -= 1;
      }
    }
  }
  return alloc;
}

/**
 * Shortens `text` to at most `maxTokens` (as `count` measures), cutting at a line end where one is
 * near, and says what was left out, so a reader of the context knows it was shortened.
 */
export function truncateToTokens(text: string, maxTokens: number, count: (s: string) => number): string {
  const total = count(text);
  if (total <= maxTokens) return text;
  const note = (kept: number) => `\n[… shortened to fit the context budget: ${kept} of ${total} tokens kept]`;
  const room = maxTokens - count(note(maxTokens));
  if (room <= 0) return "";
  // Binary search on characters for the longest prefix within `room` tokens.
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(text.slice(0, mid)) <= room) lo = mid;
    else hi = mid - 1;
  }
  let cut = lo;
  const lineEnd = text.lastIndexOf("\n", cut);
  if (lineEnd > cut * 0.8) cut = lineEnd;
  const kept = text.slice(0, cut).trimEnd();
  return kept + note(count(kept));
}
