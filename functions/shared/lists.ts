import * as v from "valibot";

/**
 * Answers stay a sensible size whatever the transcript: segments come in pages, and every other
 * list of an answer is cut at LIST_CAP with its full length said beside it.
 */
export const LIST_CAP = 1_000;
export const SEGMENT_PAGE = 5_000;

const count = (name: string, max: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,9}$/, `${name} must be a whole number`),
      v.transform(Number),
      v.maxValue(max, `${name} is at most ${max}`),
    ),
  );

/** `?segmentOffset=&segmentLimit=` of an answer that carries the transcript's segments. */
export const SegmentPageQuerySchema = v.object({
  segmentOffset: count("segmentOffset", 100_000_000),
  segmentLimit: count("segmentLimit", SEGMENT_PAGE),
});
export type SegmentPageQuery = v.InferOutput<typeof SegmentPageQuerySchema>;

export interface Cut {
  shown: number;
  total: number;
}

/** Records what was cut, by where it sits in the answer (`computed.questions`). */
export class ListCuts {
  readonly cuts: Record<string, Cut> = {};

  list<T>(where: string, items: readonly T[], max = LIST_CAP): T[] {
    if (items.length <= max) return [...items];
    this.cuts[where] = { shown: max, total: items.length };
    return items.slice(0, max);
  }

  record<T>(where: string, items: Readonly<Record<string, T>>, max = LIST_CAP): Record<string, T> {
    const entries = Object.entries(items);
    return Object.fromEntries(this.list(where, entries, max));
  }

  /** `{truncated: {...}}` when anything was cut, else nothing. */
  answer(): { truncated?: Record<string, Cut> } {
    return Object.keys(this.cuts).length > 0 ? { truncated: this.cuts } : {};
  }
}

/** One page of segments and where the next begins. */
export function segmentPage<T>(segments: readonly T[], query: SegmentPageQuery) {
  const offset = Math.min(query.segmentOffset ?? 0, segments.length);
  const limit = query.segmentLimit ?? SEGMENT_PAGE;
  const page = segments.slice(offset, offset + limit);
  const next = offset + page.length;
  return {
    segments: page,
    page: { offset, limit, total: segments.length, ...(next < segments.length ? { nextOffset: next } : {}) },
  };
}
