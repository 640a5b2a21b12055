import type { Transcript } from "../transcript/model";
import type { Insight, InsightsReport } from "./schema";
import { type CandidateInsight, segmentIndex, verifyInsight } from "./verify";

/**
 * Verifies the model's items and the heuristic ones against the transcript, then merges items
 * that say the same thing: same type and either a shared segment with similar wording, or
 * near-identical wording. The model's wording wins; evidence is united.
 */
export function mergeInsights(
  transcript: Transcript,
  sources: {
    llm: CandidateInsight[];
    heuristic: CandidateInsight[];
    /** Items of an earlier report, verified already: kept as they are, with their flags. */
    checked?: Insight[];
  },
): InsightsReport {
  const index = segmentIndex(transcript);
  const merged: Array<Omit<Insight, "id">> = [];

  const add = (candidate: CandidateInsight, source: "llm" | "heuristic") =>
    addItem({ ...verifyInsight(candidate, transcript, index), source } as Omit<Insight, "id">);
  const addItem = (item: Omit<Insight, "id">) => {
    const source = item.source;
    const twin = merged.find((m) => sameInsight(m, item));
    if (!twin) {
      merged.push(item);
      return;
    }
    if (twin.source !== source) twin.source = "both";
    twin.evidence = {
      segmentIds: union(twin.evidence.segmentIds, item.evidence.segmentIds),
      quotes: union(twin.evidence.quotes, item.evidence.quotes),
      speakers: union(twin.evidence.speakers, item.evidence.speakers),
      timestamps: union(twin.evidence.timestamps, item.evidence.timestamps),
    };
    twin.owner ??= item.owner;
    twin.due ??= item.due;
    twin.confidence = Math.max(twin.confidence, item.confidence);
    // A corroborated item is as trustworthy as its best-supported source; the flags stay as a record.
    twin.verified ||= item.verified;
    twin.flags = union(twin.flags, item.flags);
  };

  for (const { id: _id, ...item } of sources.checked ?? []) addItem(structuredClone(item));
  for (const c of sources.llm) add(c, "llm");
  for (const c of sources.heuristic) add(c, "heuristic");

  const order = { action: 0, decision: 1, risk: 2, question: 3 } as const;
  const firstSegment = (i: Omit<Insight, "id">) =>
    Math.min(...i.evidence.segmentIds.map((id) => index.get(id)?.index ?? Number.MAX_SAFE_INTEGER));
  const items = merged
    .sort((a, b) => order[a.type] - order[b.type] || firstSegment(a) - firstSegment(b))
    .map((item, i) => ({ id: `ins-${i + 1}`, ...item }));

  const count = (t: Insight["type"]) => items.filter((i) => i.type === t).length;
  return {
    counts: {
      total: items.length,
      actions: count("action"),
      decisions: count("decision"),
      risks: count("risk"),
      questions: count("question"),
    },
    items,
  };
}

function sameInsight(a: Omit<Insight, "id">, b: Omit<Insight, "id">): boolean {
  if (a.type !== b.type) return false;
  const similarity = jaccard(words(a.summary), words(b.summary));
  const shared = a.evidence.segmentIds.some((id) => b.evidence.segmentIds.includes(id));
  return similarity >= 0.8 || (shared && similarity >= 0.3);
}

const STOP = new Set([
  "the",
  "a",
  "an",
  "to",
  "of",
  "and",
  "or",
  "in",
  "on",
  "for",
  "by",
  "is",
  "be",
  "will",
  "we",
]);

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1 && !STOP.has(w)),
  );
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both);
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
