/**
 * Agreement of two segmentations of the same units (words, turns), each given as one label per
 * unit that changes where a segment starts. Lower is better; 0 is perfect agreement.
 */

/** Half the mean reference segment length, the usual window for Pk and WindowDiff. */
export function defaultWindow(reference: readonly number[]): number {
  let segments = reference.length > 0 ? 1 : 0;
  for (let i = 1; i < reference.length; i++) if (reference[i] !== reference[i - 1]) segments++;
  return Math.max(1, Math.round(reference.length / Math.max(1, segments) / 2));
}

/** Share of the windows [i, i + k] on which `disagree(i)` holds. */
function windowErrorRate(
  reference: readonly number[],
  hypothesis: readonly number[],
  k: number,
  disagree: (i: number) => boolean,
): number {
  if (reference.length !== hypothesis.length) {
    throw new RangeError(`segmentations differ in length: ${reference.length} vs ${hypothesis.length}`);
  }
  const windows = reference.length - k;
  if (windows <= 0) return 0;
  let errors = 0;
  for (let i = 0; i < windows; i++) if (disagree(i)) errors++;
  return errors / windows;
}

/**
 * Pk (Beeferman et al. 1999): the share of windows of width k whose two ends are in the same
 * segment in one segmentation and in different segments in the other.
 */
export function pk(
  reference: readonly number[],
  hypothesis: readonly number[],
  k = defaultWindow(reference),
): number {
  return windowErrorRate(
    reference,
    hypothesis,
    k,
    (i) => (reference[i] === reference[i + k]) !== (hypothesis[i] === hypothesis[i + k]),
  );
}

/** WindowDiff (Pevzner and Hearst 2002): windows where the two count different numbers of boundaries. */
export function windowDiff(
  reference: readonly number[],
  hypothesis: readonly number[],
  k = defaultWindow(reference),
): number {
  const boundariesBefore = (labels: readonly number[]) => {
    const out = [0];
    for (let i = 1; i < labels.length; i++) out.push(out[i - 1]! + (labels[i] !== labels[i - 1] ? 1 : 0));
    return out;
  };
  const r = boundariesBefore(reference);
  const h = boundariesBefore(hypothesis);
  return windowErrorRate(reference, hypothesis, k, (i) => r[i + k]! - r[i]! !== h[i + k]! - h[i]!);
}

/** One label per unit for a segmentation given by its segment starts (positions; 0 is implied). */
export function labelsFromStarts(units: number, starts: readonly number[]): number[] {
  const set = new Set(starts);
  let label = 0;
  return Array.from({ length: units }, (_, i) => (i > 0 && set.has(i) ? ++label : label));
}

/**
 * One label per unit for human topic spans (`[[first, last], ...]` per topic, inclusive). Pk needs a
 * full segmentation, so each run of units outside every span is a segment of its own, and a unit in
 * two topics' spans goes to the later topic.
 */
export function labelsFromSpans(units: number, topics: readonly (readonly [number, number])[][]): number[] {
  const topicOf = new Array<number>(units).fill(-1);
  topics.forEach((spans, i) => {
    for (const [from, to] of spans)
      for (let j = Math.max(0, from); j <= Math.min(to, units - 1); j++) topicOf[j] = i;
  });
  let label = 0;
  return topicOf.map((x, i) => (i > 0 && x !== topicOf[i - 1] ? ++label : label));
}
