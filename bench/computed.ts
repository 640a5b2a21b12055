/**
 * Benchmark of the computed analyses: speed and memory on a ~30,000-word meeting, summary quality
 * (ROUGE-1 against the human summaries of the fixtures) and topic segmentation (Pk, WindowDiff
 * against the human topic spans), each beside a simple baseline computed in the same run.
 */
import { evenBoundaries, longestTurnsSummary } from "../core/computed/baselines";
import { computeAll } from "../core/computed/compute-all";
import {
  FIXTURE_NAMES,
  type FixtureName,
  type FixtureReference,
  readFixtureReference,
  readFixtureText,
  transcriptFromLines,
} from "../core/computed/fixtures.test-helper";
import { type PreparedTranscript, prepareTranscript } from "../core/computed/prepare-transcript";
import { type RougeScore, rouge1 } from "../core/computed/rouge";
import { labelsFromSpans, labelsFromStarts, pk, windowDiff } from "../core/computed/segmentation-metrics";
import { extractiveSummary } from "../core/computed/summary";
import { words } from "../core/computed/tokenize";
import { segmentTopics } from "../core/computed/topics";
import type { Transcript } from "../core/transcript/model";

export type ParseTranscript = (text: string) => Transcript | Promise<Transcript>;

export interface ComputedBenchOptions {
  /** Turns `Speaker: text` lines into a Transcript; the line splitter of the tests by default. */
  parse?: ParseTranscript;
  /** Timed runs after the warm-up; the median is reported. */
  runs?: number;
  warmups?: number;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const roundScore = (s: RougeScore) => ({
  precision: round(s.precision),
  recall: round(s.recall),
  f1: round(s.f1),
});

/** The three fixtures one after another, twice: about 33,000 tokens, 26,000 real words. */
function longMeeting(): string {
  const once = FIXTURE_NAMES.map((name) => readFixtureText(name).trimEnd()).join("\n");
  return `${once}\n${once}\n`;
}

async function speed(parse: ParseTranscript, runs: number, warmups: number) {
  const text = longMeeting();
  for (let i = 0; i < warmups; i++) computeAll(await parse(text));
  const rssBeforeKb = process.resourceUsage().maxRSS;
  const parseMs: number[] = [];
  const computeMs: number[] = [];
  const heapDeltas: number[] = [];
  let transcript: Transcript | undefined;
  for (let i = 0; i < runs; i++) {
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    transcript = await parse(text);
    const t1 = performance.now();
    computeAll(transcript);
    const t2 = performance.now();
    heapDeltas.push(process.memoryUsage().heapUsed - heapBefore);
    parseMs.push(t1 - t0);
    computeMs.push(t2 - t1);
  }
  const prepared = prepareTranscript(transcript!);
  const totalMs = median(parseMs.map((p, i) => p + computeMs[i]!));
  return {
    input: {
      description: "ES2002a + IS1000a + Bed004, twice, one turn a line",
      whitespaceTokens: text.split(/\s+/).filter(Boolean).length,
      realWords: prepared.totalWords,
      segments: transcript!.segments.length,
    },
    runs,
    warmups,
    medianParseMs: round(median(parseMs), 1),
    medianComputeAllMs: round(median(computeMs), 1),
    medianTotalMs: round(totalMs, 1),
    wordsPerSecond: Math.round(prepared.totalWords / (totalMs / 1000)),
    computeOnlyWordsPerSecond: Math.round(prepared.totalWords / (median(computeMs) / 1000)),
    memory: {
      maxRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
      maxRssGrowthDuringRunsMb: round((process.resourceUsage().maxRSS - rssBeforeKb) / 1024, 1),
      medianHeapUsedDeltaMb: round(median(heapDeltas) / 2 ** 20, 1),
      note: "maxRSS is the process high-water mark (process.resourceUsage); heap delta is heapUsed after minus before one parse + computeAll, without forcing GC",
    },
  };
}

function summaryQuality(
  name: FixtureName,
  t: Transcript,
  prepared: PreparedTranscript,
  reference: FixtureReference,
) {
  const summary = extractiveSummary(t, {}, prepared)
    .map((i) => i.text)
    .join(" ");
  const wordCount = words(summary).length;
  const baseline = longestTurnsSummary(prepared, wordCount);
  return {
    fixture: name,
    summaryWords: wordCount,
    referenceWords: words(reference.general_summary).length,
    ours: roundScore(rouge1(summary, reference.general_summary)),
    longestTurnsBaseline: roundScore(rouge1(baseline, reference.general_summary)),
  };
}

interface Agreement {
  pk: number;
  windowDiff: number;
}

interface SegmentationResult {
  fixture: FixtureName;
  referenceBoundaries: number;
  ourBoundaries: number;
  ours: Agreement;
  evenSameCountAsOurs: Agreement;
  evenSameCountAsReference: Agreement;
  noBoundaries: Agreement;
}

function segmentationQuality(
  name: FixtureName,
  t: Transcript,
  prepared: PreparedTranscript,
  reference: FixtureReference,
): SegmentationResult | { fixture: FixtureName; error: string } {
  if (t.segments.length !== reference.turns) {
    return {
      fixture: name,
      error: `parser gave ${t.segments.length} segments for ${reference.turns} reference turns`,
    };
  }
  const turns = t.segments.length;
  const ref = labelsFromSpans(
    turns,
    reference.topics.map((topic) => topic.spans),
  );
  const topics = segmentTopics(t, prepared);
  const ours = topics.slice(1).map((topic) => t.segments.findIndex((s) => s.id === topic.startSegment));
  const referenceBoundaries = ref.filter((l, i) => i > 0 && l !== ref[i - 1]).length;
  // Scored over words, so a long turn weighs more than a "Mm-hmm".
  const expand = (labels: readonly number[]) =>
    labels.flatMap((l, i) => new Array<number>(prepared.segments[i]!.wordCount).fill(l));
  const refWords = expand(ref);
  const score = (starts: readonly number[]): Agreement => {
    const hyp = expand(labelsFromStarts(turns, starts));
    return { pk: round(pk(refWords, hyp)), windowDiff: round(windowDiff(refWords, hyp)) };
  };
  return {
    fixture: name,
    referenceBoundaries,
    ourBoundaries: ours.length,
    ours: score(ours),
    evenSameCountAsOurs: score(evenBoundaries(turns, ours.length)),
    evenSameCountAsReference: score(evenBoundaries(turns, referenceBoundaries)),
    noBoundaries: score([]),
  };
}

export async function runComputedBench(options: ComputedBenchOptions = {}): Promise<Record<string, unknown>> {
  const parse = options.parse ?? transcriptFromLines;
  const summaries = [];
  const segmentations = [];
  for (const name of FIXTURE_NAMES) {
    const reference = readFixtureReference(name);
    const t = await parse(readFixtureText(name));
    const prepared = prepareTranscript(t);
    summaries.push(summaryQuality(name, t, prepared, reference));
    segmentations.push(segmentationQuality(name, t, prepared, reference));
  }
  const scored = segmentations.flatMap((s) => ("error" in s ? [] : [s]));
  return {
    speed: await speed(parse, options.runs ?? 7, options.warmups ?? 2),
    summaryRouge1: {
      tokenization: "lowercased; corpus markers and punctuation removed; stopwords kept; no stemming",
      reference: "QMSum general_summary of each fixture",
      baseline: "longest turns in transcript order, cut to the summary's word count",
      fixtures: summaries,
      meanF1: {
        ours: round(mean(summaries.map((s) => s.ours.f1))),
        longestTurnsBaseline: round(mean(summaries.map((s) => s.longestTurnsBaseline.f1))),
      },
    },
    topicSegmentation: {
      metric: "Pk and WindowDiff over words, k = half the mean reference segment length; lower is better",
      reference: "QMSum topic spans; turns outside every span count as segments of their own",
      fixtures: segmentations,
      meanPk: {
        ours: round(mean(scored.map((s) => s.ours.pk))),
        evenSameCountAsOurs: round(mean(scored.map((s) => s.evenSameCountAsOurs.pk))),
        evenSameCountAsReference: round(mean(scored.map((s) => s.evenSameCountAsReference.pk))),
        noBoundaries: round(mean(scored.map((s) => s.noBoundaries.pk))),
      },
    },
  };
}
