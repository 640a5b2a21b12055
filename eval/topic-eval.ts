/** Topic segmentation: Pk and WindowDiff against the human topic spans, beside simple baselines. */
import { evenBoundaries } from "../core/computed/baselines";
import type { ComputedAnalyses } from "../core/computed/compute-all";
import type { PreparedTranscript } from "../core/computed/prepare-transcript";
import { labelsFromSpans, labelsFromStarts, pk, windowDiff } from "../core/computed/segmentation-metrics";
import { isStopword, words } from "../core/computed/tokenize";
import type { Reference } from "./corpus";
import { round } from "./stats";

export interface Agreement {
  pk: number;
  windowDiff: number;
}

export interface TopicResult {
  referenceBoundaries: number;
  ourBoundaries: number;
  ours: Agreement;
  noBoundaries: Agreement;
  evenSameCountAsReference: Agreement;
  evenSameCountAsOurs: Agreement;
  /** Our topics' titles beside the name of the human topic that covers most of each. */
  titles: Array<{ title: string; reference: string | undefined; sharesAWord: boolean }>;
}

const segmentIndex = (id: string): number => Number(id.slice(4)) - 1;
const contentWords = (s: string) => new Set(words(s).filter((w) => w.length > 2 && !isStopword(w)));

/** Pk and WindowDiff of topic starts (segment positions) against the human spans, over words. */
export function agreementOf(
  prepared: PreparedTranscript,
  reference: Reference,
  starts: readonly number[],
): Agreement {
  const turns = prepared.segments.length;
  const expand = (labels: readonly number[]) =>
    labels.flatMap((l, i) => new Array<number>(prepared.segments[i]!.wordCount).fill(l));
  const ref = expand(
    labelsFromSpans(
      turns,
      reference.topics.map((t) => t.spans),
    ),
  );
  const hyp = expand(labelsFromStarts(turns, starts));
  return { pk: round(pk(ref, hyp)), windowDiff: round(windowDiff(ref, hyp)) };
}

export function evaluateTopics(
  computed: ComputedAnalyses,
  prepared: PreparedTranscript,
  reference: Reference,
): TopicResult {
  const turns = prepared.segments.length;
  const ref = labelsFromSpans(
    turns,
    reference.topics.map((t) => t.spans),
  );
  const starts = computed.topics.slice(1).map((t) => segmentIndex(t.startSegment));
  const agreement = (hypothesisStarts: readonly number[]) =>
    agreementOf(prepared, reference, hypothesisStarts);
  const referenceBoundaries = ref.filter((l, i) => i > 0 && l !== ref[i - 1]).length;

  const topicAt = new Array<number>(turns).fill(-1);
  reference.topics.forEach((t, i) => {
    for (const [a, b] of t.spans) for (let j = a; j <= Math.min(b, turns - 1); j++) topicAt[j] = i;
  });
  const titles = computed.topics.map((topic) => {
    const votes = new Map<number, number>();
    for (let j = segmentIndex(topic.startSegment); j <= segmentIndex(topic.endSegment); j++)
      if (topicAt[j]! >= 0)
        votes.set(topicAt[j]!, (votes.get(topicAt[j]!) ?? 0) + prepared.segments[j]!.wordCount);
    const best = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
    const name = best === undefined ? undefined : reference.topics[best]!.topic;
    const theirs = name ? contentWords(name) : new Set<string>();
    const sharesAWord = [...contentWords(topic.title)].some((w) => theirs.has(w) || theirs.has(`${w}s`));
    return { title: topic.title, reference: name, sharesAWord };
  });

  return {
    referenceBoundaries,
    ourBoundaries: starts.length,
    ours: agreement(starts),
    noBoundaries: agreement([]),
    evenSameCountAsReference: agreement(evenBoundaries(turns, referenceBoundaries)),
    evenSameCountAsOurs: agreement(evenBoundaries(turns, starts.length)),
    titles,
  };
}
