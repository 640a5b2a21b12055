/**
 * Action, decision and risk items against the hand-labelled gold set, and the decision questions
 * of the QMSum queries.
 *
 * Matching: a predicted item and a gold item match when they have the same type and some segment
 * the prediction cites lies within ±WINDOW segments of some segment the gold item cites. Matching is
 * one-to-one (a maximum matching), so a second item about the same gold item counts as a false
 * positive, and one prediction cannot cover two gold items.
 */
import type { Insight, InsightType } from "../core/computed/insights";
import type { Gold, Reference } from "./corpus";

export const WINDOW = 2;
export const TYPES: readonly InsightType[] = ["action", "decision", "risk"];

/** Queries that ask what was decided, agreed or concluded (not "disagree"), by their wording. */
export const DECISION_QUERY = /\b(?:decid\w*|decisions?|agree[ds]?|agreement|conclusions?)\b/i;

const indexOf = (id: string): number => Number(id.slice(4)) - 1;

interface Candidate {
  type: InsightType;
  segments: number[];
}

const near = (a: Candidate, b: Candidate): boolean =>
  a.type === b.type && a.segments.some((i) => b.segments.some((j) => Math.abs(i - j) <= WINDOW));

/** Maximum one-to-one matching (Kuhn's augmenting paths); returns gold index per prediction or -1. */
export function matchItems(predicted: readonly Candidate[], gold: readonly Candidate[]): number[] {
  const goldOwner = new Array<number>(gold.length).fill(-1);
  const tryAssign = (p: number, seen: boolean[]): boolean => {
    for (let g = 0; g < gold.length; g++) {
      if (seen[g] || !near(predicted[p]!, gold[g]!)) continue;
      seen[g] = true;
      if (goldOwner[g] === -1 || tryAssign(goldOwner[g]!, seen)) {
        goldOwner[g] = p;
        return true;
      }
    }
    return false;
  };
  for (let p = 0; p < predicted.length; p++) tryAssign(p, new Array<boolean>(gold.length).fill(false));
  const out = new Array<number>(predicted.length).fill(-1);
  goldOwner.forEach((p, g) => {
    if (p >= 0) out[p] = g;
  });
  return out;
}

export interface TypeCounts {
  predicted: number;
  gold: number;
  matched: number;
}

export interface ItemResult {
  perType: Record<InsightType, TypeCounts>;
  /** Matched actions whose gold item names an owner: how many we gave the same owner. */
  owners: { withGoldOwner: number; right: number; wrong: number; missing: number };
  /** Matched items whose gold item has a due phrase: how many carry a due date. */
  dues: { withGoldDue: number; found: number };
  predictions: Array<{
    type: InsightType;
    summary: string;
    owner?: string;
    evidence: string[];
    gold: number;
  }>;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function evaluateItems(insights: readonly Insight[], gold: Gold): ItemResult {
  const predicted = insights.map((i) => ({ type: i.type, segments: i.evidence.segmentIds.map(indexOf) }));
  const goldCandidates = gold.items.map((g) => ({ type: g.type, segments: g.evidence.map(indexOf) }));
  const match = matchItems(predicted, goldCandidates);
  const perType = Object.fromEntries(
    TYPES.map((type) => [
      type,
      {
        predicted: insights.filter((i) => i.type === type).length,
        gold: gold.items.filter((g) => g.type === type).length,
        matched: match.filter((g, p) => g >= 0 && insights[p]!.type === type).length,
      },
    ]),
  ) as Record<InsightType, TypeCounts>;
  const owners = { withGoldOwner: 0, right: 0, wrong: 0, missing: 0 };
  const dues = { withGoldDue: 0, found: 0 };
  match.forEach((g, p) => {
    if (g < 0) return;
    const item = insights[p]!;
    const truth = gold.items[g]!;
    if (truth.type === "action" && truth.owner) {
      owners.withGoldOwner++;
      if (!item.owner) owners.missing++;
      else if ([truth.owner].flat().some((o) => sameName(item.owner!, o))) owners.right++;
      else owners.wrong++;
    }
    if (truth.due) {
      dues.withGoldDue++;
      if (item.due) dues.found++;
    }
  });
  return {
    perType,
    owners,
    dues,
    predictions: insights.map((i, p) => ({
      type: i.type,
      summary: i.summary,
      ...(i.owner ? { owner: i.owner } : {}),
      evidence: i.evidence.segmentIds,
      gold: match[p]!,
    })),
  };
}

export interface DecisionQuestionResult {
  query: string;
  spans: Array<[number, number]>;
  hit: boolean;
}

/** A decision question is answered when a decision item cites a segment inside an answering span. */
export function evaluateDecisionQuestions(
  insights: readonly Insight[],
  reference: Reference,
): DecisionQuestionResult[] {
  const cited = insights
    .filter((i) => i.type === "decision")
    .flatMap((i) => i.evidence.segmentIds.map(indexOf));
  return reference.queries
    .filter((q) => DECISION_QUERY.test(q.query))
    .map((q) => ({
      query: q.query,
      spans: q.spans,
      hit: cited.some((i) => q.spans.some(([a, b]) => i >= a && i <= b)),
    }));
}
