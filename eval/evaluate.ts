/** One dev meeting scored, and the means of a set of them. */
import { computeAll } from "../core/computed/compute-all";
import type { InsightType } from "../core/computed/insights";
import { prepareTranscript } from "../core/computed/prepare-transcript";
import { parseTranscript } from "../core/transcript";
import { readDevMeeting } from "./corpus";
import { evaluateDecisionQuestions, evaluateItems, TYPES, type TypeCounts } from "./item-eval";
import { corpusOf, type Half } from "./split";
import { mean, ratio, round } from "./stats";
import { evaluateSummary, type RougePair } from "./summary-eval";
import { type Agreement, evaluateTopics } from "./topic-eval";

/** Due phrases ("by Friday") resolve against this day; the corpus meetings carry no date. */
export const NOW = new Date("2025-10-01T12:00:00Z");

export async function evaluateMeeting(name: string, half: Half) {
  const meeting = readDevMeeting(name);
  const t = await parseTranscript(meeting.text, { format: "text" });
  if (t.segments.length !== meeting.reference.turns) {
    throw new Error(
      `${name}: parsed ${t.segments.length} segments for ${meeting.reference.turns} reference turns`,
    );
  }
  const t0 = performance.now();
  const computed = computeAll(t, { now: NOW });
  const computeMs = performance.now() - t0;
  const prepared = prepareTranscript(t);
  return {
    name,
    half,
    corpus: corpusOf(name),
    turns: t.segments.length,
    words: prepared.totalWords,
    computeMs: round(computeMs, 1),
    summary: evaluateSummary(computed, prepared, meeting.reference.general_summary),
    topics: evaluateTopics(computed, prepared, meeting.reference),
    decisionQuestions: evaluateDecisionQuestions(computed.insights, meeting.reference),
    items: meeting.gold ? evaluateItems(computed.insights, meeting.gold) : undefined,
  };
}
export type MeetingResult = Awaited<ReturnType<typeof evaluateMeeting>>;

const SUMMARY_METHODS = ["ours", "lead", "longestTurns", "centroid"] as const;
const TOPIC_METHODS = ["ours", "noBoundaries", "evenSameCountAsReference", "evenSameCountAsOurs"] as const;

export function aggregate(results: readonly MeetingResult[]) {
  const summary = Object.fromEntries(
    SUMMARY_METHODS.map((m) => [
      m,
      {
        r1: round(mean(results.map((r) => r.summary[m].r1))),
        r2: round(mean(results.map((r) => r.summary[m].r2))),
      },
    ]),
  ) as Record<(typeof SUMMARY_METHODS)[number], RougePair>;
  const topicsOf = (rs: readonly MeetingResult[]) =>
    Object.fromEntries(
      TOPIC_METHODS.map((m) => [
        m,
        {
          pk: round(mean(rs.map((r) => r.topics[m].pk))),
          windowDiff: round(mean(rs.map((r) => r.topics[m].windowDiff))),
        },
      ]),
    ) as Record<(typeof TOPIC_METHODS)[number], Agreement>;
  const gold = results.flatMap((r) => (r.items ? [r.items] : []));
  const items = Object.fromEntries(
    TYPES.map((type) => {
      const predicted = gold.reduce((n, g) => n + g.perType[type].predicted, 0);
      const goldCount = gold.reduce((n, g) => n + g.perType[type].gold, 0);
      const matched = gold.reduce((n, g) => n + g.perType[type].matched, 0);
      return [
        type,
        {
          predicted,
          gold: goldCount,
          matched,
          precision: ratio(matched, predicted),
          recall: ratio(matched, goldCount),
        },
      ];
    }),
  ) as Record<InsightType, TypeCounts & { precision: number; recall: number }>;
  const owners = gold.reduce(
    (o, g) => ({
      withGoldOwner: o.withGoldOwner + g.owners.withGoldOwner,
      right: o.right + g.owners.right,
      wrong: o.wrong + g.owners.wrong,
      missing: o.missing + g.owners.missing,
    }),
    { withGoldOwner: 0, right: 0, wrong: 0, missing: 0 },
  );
  const questions = results.flatMap((r) => r.decisionQuestions);
  const flaws = results.reduce(
    (f, r) => {
      for (const k of Object.keys(f) as (keyof typeof f)[]) f[k] += r.summary.flaws[k];
      return f;
    },
    { questions: 0, fillers: 0, stutters: 0, markers: 0, fragments: 0 },
  );
  const titles = results.flatMap((r) => r.topics.titles);
  return {
    meetings: results.length,
    summary: {
      ...summary,
      meanWords: round(mean(results.map((r) => r.summary.words)), 1),
      oursAboveLongestTurns: results.filter((r) => r.summary.ours.r1 > r.summary.longestTurns.r1).length,
      flaws,
    },
    topics: {
      all: topicsOf(results),
      AMI: topicsOf(results.filter((r) => r.corpus === "AMI")),
      ICSI: topicsOf(results.filter((r) => r.corpus === "ICSI")),
      titlesSharingAWordWithTheHumanTopic: ratio(titles.filter((t) => t.sharesAWord).length, titles.length),
    },
    items: { goldMeetings: gold.length, ...items, owners },
    decisionQuestions: {
      total: questions.length,
      hit: questions.filter((q) => q.hit).length,
      recall: ratio(questions.filter((q) => q.hit).length, questions.length),
    },
    speed: {
      totalComputeMs: round(
        results.reduce((n, r) => n + r.computeMs, 0),
        1,
      ),
      slowestMeetingMs: Math.max(...results.map((r) => r.computeMs)),
    },
  };
}
export type HalfSummary = ReturnType<typeof aggregate>;

export interface EvalResults {
  ranAt: string;
  method: Record<string, string>;
  split: { tuning: readonly string[]; heldOut: readonly string[] };
  means: { tuning: HalfSummary; heldOut: HalfSummary };
  meetings: MeetingResult[];
  elapsedMs: number;
}
