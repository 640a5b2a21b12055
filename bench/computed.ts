/**
 * Benchmark of the computed analyses: speed and memory on a ~26,000-word meeting (about three
 * hours of talk) beside the implementation before issue 13 run in the same process, the time of
 * each analysis on one huge single-speaker turn (flat and real text, two sizes, to show the growth
 * is linear), summary quality (ROUGE-1 against the human summaries of the fixtures) and topic
 * segmentation (Pk, WindowDiff against the human topic spans), each beside a simple baseline
 * computed in the same run. The dev corpus is scored by `npm run eval`.
 */
import { evenBoundaries, longestTurnsSummary } from "../core/computed/baselines";
import { computeAll } from "../core/computed/compute-all";
import {
  FIXTURE_NAMES,
  type FixtureName,
  type FixtureReference,
  fixtureWords,
  readFixtureReference,
  readFixtureText,
  transcriptFromLines,
} from "../core/computed/fixtures.test-helper";
import { heuristicInsights } from "../core/computed/insights";
import { extractKeywords } from "../core/computed/keywords";
import { linguisticProfile } from "../core/computed/linguistic-profile";
import { type PreparedTranscript, prepareTranscript } from "../core/computed/prepare-transcript";
import { findQuestions } from "../core/computed/questions";
import { type RougeScore, rouge1 } from "../core/computed/rouge";
import { labelsFromSpans, labelsFromStarts, pk, windowDiff } from "../core/computed/segmentation-metrics";
import { speakerStats } from "../core/computed/speaker-stats";
import { extractiveSummary } from "../core/computed/summary";
import { words } from "../core/computed/tokenize";
import { segmentTopics } from "../core/computed/topics";
import type { Transcript } from "../core/transcript/model";
import { type BaselineComputed, loadBaselineComputed } from "./baseline-computed";

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

async function speed(
  parse: ParseTranscript,
  runs: number,
  warmups: number,
  baseline: BaselineComputed | { error: string },
) {
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
  // The same input, the same process, the old computeAll, runs alternating with today's so that
  // warm-up and collector pauses fall on both alike: the ratio is the change, not the machine.
  let before: Record<string, unknown>;
  if ("error" in baseline) before = { error: baseline.error };
  else {
    const t = transcript!;
    for (let i = 0; i < warmups; i++) baseline.computeAll(t);
    const now: number[] = [];
    const old: number[] = [];
    const time = (run: () => unknown) => {
      const t0 = performance.now();
      run();
      return performance.now() - t0;
    };
    // ABBA order, so neither always runs right after the other's garbage.
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        now.push(time(() => computeAll(t)));
        old.push(time(() => baseline.computeAll(t)));
      } else {
        old.push(time(() => baseline.computeAll(t)));
        now.push(time(() => computeAll(t)));
      }
    }
    before = {
      commit: baseline.commit,
      alternatingRuns: runs,
      medianComputeAllMsNow: round(median(now), 1),
      medianComputeAllMsBefore: round(median(old), 1),
      ratioNowToBefore: round(median(now) / median(old), 2),
    };
  }
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
    beforeIssue13: before,
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

/** One speaker, one line, `words` words: flat (one sentence over and over) or the fixtures' real words. */
function hugeTurn(words: number, kind: "flat" | "real"): string {
  const source =
    kind === "flat" ? "we should check the remote control battery design today .".split(" ") : fixtureWords();
  const out: string[] = [];
  for (let i = 0; out.length < words; i++) out.push(source[i % source.length]!);
  return `Alice: ${out.join(" ")}\n`;
}

const ANALYSES = {
  prepareTranscript: (t: Transcript) => prepareTranscript(t),
  speakerStats: (t: Transcript, p: PreparedTranscript) => speakerStats(t, p),
  questions: (t: Transcript, p: PreparedTranscript) => findQuestions(t, p),
  keywords: (t: Transcript, p: PreparedTranscript) => extractKeywords(t, 20, p),
  topics: (t: Transcript, p: PreparedTranscript) => segmentTopics(t, p),
  summary: (t: Transcript, p: PreparedTranscript) => extractiveSummary(t, {}, p),
  linguisticProfile: (t: Transcript, p: PreparedTranscript) => linguisticProfile(t, p),
  insights: (t: Transcript, p: PreparedTranscript) => heuristicInsights(t, {}, p),
};

/**
 * Each analysis on one huge turn, at two sizes five times apart: a linear analysis takes about five
 * times as long at the larger size, a quadratic one 25 times. The old computeAll runs once per input.
 */
async function hugeTurns(parse: ParseTranscript, baseline: BaselineComputed | { error: string }) {
  const sizes = [100_000, 500_000];
  // The faster of two runs: one collector pause on a 3 MB input would otherwise read as a trend.
  const fastest = (run: () => unknown): number => {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      run();
      best = Math.min(best, performance.now() - t0);
    }
    return round(best, 1);
  };
  const out = [];
  for (const kind of ["flat", "real"] as const) {
    const rows: Array<{
      words: number;
      bytes: number;
      computeAllMs: number;
      beforeIssue13Ms: number | string;
      perAnalysisMs: Record<string, number>;
    }> = [];
    for (const words of sizes) {
      const text = hugeTurn(words, kind);
      const t = await parse(text);
      const prepared = prepareTranscript(t);
      const times = Object.fromEntries(
        Object.entries(ANALYSES).map(([name, run]) => [name, fastest(() => run(t, prepared))]),
      );
      rows.push({
        words,
        bytes: text.length,
        computeAllMs: fastest(() => computeAll(t)),
        beforeIssue13Ms: "error" in baseline ? "not run" : fastest(() => baseline.computeAll(t)),
        perAnalysisMs: times,
      });
    }
    const growth = Object.fromEntries(
      Object.keys(ANALYSES).map((name) => [
        name,
        round(rows[1]!.perAnalysisMs[name]! / Math.max(0.1, rows[0]!.perAnalysisMs[name]!), 1),
      ]),
    );
    out.push({ kind, rows, growthFor5xWords: growth });
  }
  return out;
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
  const baseline = await loadBaselineComputed();
  const speedResult = await speed(parse, options.runs ?? 7, options.warmups ?? 2, baseline);
  const huge = await hugeTurns(parse, baseline);
  if (!("error" in baseline)) baseline.dispose();
  return {
    speed: speedResult,
    hugeSingleTurn: {
      note: "one speaker, one line; flat = one sentence repeated (flat similarity scores), real = the fixtures' words run together; growthFor5xWords near 5 is linear, near 25 quadratic",
      inputs: huge,
    },
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
