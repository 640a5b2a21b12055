import type { Segment, Transcript } from "../transcript/model";
import { formatClockTime } from "../transcript/timestamp";
import type { Evidence, Insight, InsightType } from "./schema";

/** The least an insight from any source carries; heuristic and model items both fit. */
export interface CandidateInsight {
  type: InsightType;
  summary: string;
  owner?: string | null;
  due?: string | null;
  evidence: { segmentIds: string[]; quotes?: string[]; speakers?: string[] };
  confidence?: number;
}

/**
 * Folds what a quote may legitimately differ in from the transcript: case, spacing, punctuation
 * (corpora write "I 'm"; models write "I'm") and transcription markers such as `{vocalsound}`.
 * Letters and digits must still match in order.
 */
export function foldForQuote(text: string): string {
  return text
    .toLowerCase()
    .replace(/\{[a-z_]+\}/g, " ")
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

const MIN_QUOTE_CHARS = 3;

/**
 * Checks an item's citations against the transcript: every cited segment must exist and every
 * quote must occur in one of the cited segments. Bad citations are dropped and noted in `flags`;
 * the item is kept, `verified: false`, so a reader sees it but knows to check it.
 */
export function verifyInsight(
  item: CandidateInsight,
  transcript: Transcript,
  index: Map<string, Segment> = segmentIndex(transcript),
): Omit<Insight, "id" | "source"> {
  const flags: string[] = [];
  const { known: segmentIds, unknown } = knownSegments(item.evidence.segmentIds, index);
  for (const id of unknown) flags.push(`unknown segment ${id.slice(0, 40)}`);
  if (segmentIds.length === 0) flags.push("no supporting segment");

  const inCited = quoteChecker(segmentIds, index);
  const quotes: string[] = [];
  for (const quote of unique((item.evidence.quotes ?? []).map((q) => q.trim()).filter(Boolean))) {
    if (inCited(quote)) quotes.push(quote);
    else flags.push(`quote not found in the cited segments: "${quote.slice(0, 60)}"`);
  }

  let due = item.due ?? undefined;
  if (due !== undefined && !isRealDay(due)) {
    flags.push(`due date "${due.slice(0, 20)}" is not a date`);
    due = undefined;
  }

  const segments = segmentIds.map((id) => index.get(id)!);
  const evidence: Evidence = {
    segmentIds,
    quotes,
    speakers: unique(segments.map((s) => s.speaker)),
    timestamps: segments.filter((s) => s.start !== undefined).map((s) => formatClockTime(s.start!)),
  };
  const owner = item.owner?.trim() || undefined;
  return {
    type: item.type,
    summary: item.summary.trim(),
    ...(owner ? { owner } : {}),
    ...(due ? { due } : {}),
    evidence,
    confidence: clamp01(item.confidence ?? 0.5),
    verified: flags.length === 0,
    flags,
  };
}

/** Cited ids split into the transcript's and the unknown ones, each once, in the order cited. */
export function knownSegments(
  ids: readonly string[],
  index: ReadonlyMap<string, Segment>,
): { known: string[]; unknown: string[] } {
  const known: string[] = [];
  const unknown: string[] = [];
  for (const id of unique(ids.map((s) => s.trim()))) (index.has(id) ? known : unknown).push(id);
  return { known, unknown };
}

/**
 * Whether a quote occurs in one of the cited segments, as `foldForQuote` compares them; a quote of
 * fewer than three letters or digits never counts.
 */
export function quoteChecker(
  segmentIds: readonly string[],
  index: ReadonlyMap<string, Segment>,
): (quote: string) => boolean {
  const cited = segmentIds.flatMap((id) => {
    const segment = index.get(id);
    return segment ? [foldedSegment(segment)] : [];
  });
  return (quote) => {
    const folded = foldForQuote(quote);
    return folded.length >= MIN_QUOTE_CHARS && cited.some((s) => s.includes(folded));
  };
}

/** Each segment's folded text, made once: a job checks many quotes against the same turns. */
const folded = new WeakMap<Segment, string>();
function foldedSegment(segment: Segment): string {
  let text = folded.get(segment);
  if (text === undefined) {
    text = foldForQuote(segment.text);
    folded.set(segment, text);
  }
  return text;
}

export function segmentIndex(transcript: Transcript): Map<string, Segment> {
  return new Map(transcript.segments.map((s) => [s.id, s]));
}

function isRealDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0.5);
const unique = <T>(xs: T[]) => [...new Set(xs)];
