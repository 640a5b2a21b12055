import * as v from "valibot";
import type { Transcript } from "../transcript/model";
import { findDuePhrase } from "./dates";
import { INSIGHT_TYPES, type InsightType, InsightTypeSchema, RULES, type Rule } from "./insight-rules";
import { quoteSpan, shorten } from "./insight-text";
import { type PreparedSentence, type PreparedTranscript, prepareTranscript } from "./prepare-transcript";
import { cleanText, isStopword, tidyText } from "./tokenize";

export { INSIGHT_TYPES, type InsightType };

export const InsightEvidenceSchema = v.object({
  segmentIds: v.array(v.string()),
  /** `quotes[i]` is a verbatim substring of the text of segment `segmentIds[i]`. */
  quotes: v.array(v.string()),
  speakers: v.array(v.string()),
});

export const InsightSchema = v.object({
  type: InsightTypeSchema,
  summary: v.string(),
  owner: v.optional(v.string()),
  due: v.optional(v.pipe(v.string(), v.isoDate())),
  evidence: InsightEvidenceSchema,
  confidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  source: v.literal("heuristic"),
});
export type Insight = v.InferOutput<typeof InsightSchema>;

export interface InsightOptions {
  /** Resolves "by Friday" when the transcript has no date. Without either, items carry no due date. */
  now?: Date;
}

/** Cues that say the sentence is not a commitment or a finding: a hypothesis or a denial before the cue. */
const HEDGE_BEFORE = /\b(?:if|whether|unless|not|no|never|haven't|hasn't|didn't|don't|doesn't)\b[^,.;]*$/i;
const ACKNOWLEDGEMENT =
  /^(?:yeah|yep|yes|yup|okay|ok|sure|right|fine|alright|will do|no problem|of course|mm-hmm|uh-huh)\b/i;

function capitalizedName(text: string, lowerName: string): string | undefined {
  const at = text.toLowerCase().indexOf(lowerName);
  const name = at >= 0 ? text.slice(at, at + lowerName.length) : "";
  return /^[A-Z][a-z]/.test(name) && !isStopword(lowerName) ? name : undefined;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const contentTerms = (s: string): Set<string> =>
  new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}']+/u)
      .filter((x) => x.length > 2 && !isStopword(x)),
  );
const jaccard = (a: Set<string>, b: Set<string>): number => {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  const union = a.size + b.size - both;
  return union === 0 ? 0 : both / union;
};

/** At most this many items per thousand words, and never more than MAX_ITEMS: a list people read. */
const ITEMS_PER_THOUSAND_WORDS = 3;
const MAX_ITEMS = 25;
/** Items below this confidence are guesses a reader would not nod at. */
const MIN_CONFIDENCE = 0.45;

/**
 * Action items, decisions and risks found by phrase rules, with owner, due date and verbatim
 * evidence. Tuned for precision: a hypothesis ("if we decided"), a denial ("no problem") or a
 * question does not count, and near-identical items are merged.
 */
export function heuristicInsights(
  t: Transcript,
  options: InsightOptions = {},
  prepared: PreparedTranscript = prepareTranscript(t),
): Insight[] {
  const reference = t.date ?? options.now;
  const speakersLower = t.speakers.map((s) => s.toLowerCase());
  const found: Array<Insight & { order: number; terms: Set<string> }> = [];

  const ownerFor = (rule: Rule, sentence: PreparedSentence, match: RegExpExecArray) => {
    const segment = t.segments[sentence.segmentIndex]!;
    if (rule.owner === "speaker") return { owner: segment.speaker };
    if (rule.owner === "named") {
      // "the industrial designer will" names a speaker by role; "David will" names a person.
      const before = ` ${match[1]!.toLowerCase()}`;
      const speaker = t.speakers.find((_, i) => before.endsWith(` ${speakersLower[i]}`));
      const named = speaker ?? capitalizedName(sentence.text.slice(match.index), before.split(" ").at(-1)!);
      return named ? { owner: named } : undefined;
    }
    if (rule.owner !== "addressee") return {};
    // A role or name said in the sentence ("as the industrial designer, you'll"), else the one who
    // answers "yeah, sure" right after.
    const lower = sentence.text.toLowerCase();
    const mentioned = t.speakers.filter(
      (s, i) => s !== segment.speaker && new RegExp(`\\b${escapeRegExp(speakersLower[i]!)}\\b`).test(lower),
    );
    if (mentioned.length === 1) return { owner: mentioned[0]! };
    const vocative = /(?:^|, )([A-Z][a-z]+)(?:,|$)|\byou,? ([A-Z][a-z]+)\b/.exec(sentence.text);
    const vocativeName = vocative?.[1] ?? vocative?.[2];
    if (vocativeName && !isStopword(vocativeName.toLowerCase())) return { owner: vocativeName };
    const next = t.segments[sentence.segmentIndex + 1];
    if (next && next.speaker !== segment.speaker && ACKNOWLEDGEMENT.test(cleanText(next.text))) {
      return { owner: next.speaker, acknowledgedBy: next };
    }
    return {};
  };

  prepared.sentences.forEach((sentence, order) => {
    if (sentence.words.length < 3) return;
    const segment = t.segments[sentence.segmentIndex]!;
    const question = sentence.text.endsWith("?");
    for (const rule of RULES) {
      const match = rule.pattern.exec(sentence.text);
      if (!match) continue;
      if (HEDGE_BEFORE.test(sentence.text.slice(0, match.index))) continue;
      // Requests come as questions ("can you send it?"); decisions and risks put as questions are open.
      if (question && !(rule.type === "action" && rule.owner === "addressee")) continue;
      const who = ownerFor(rule, sentence, match);
      if (!who) continue;
      const raw = segment.text.slice(sentence.start, sentence.end);
      const span = quoteSpan(raw, rule.pattern, sentence.words.length);
      const quote = raw.slice(span.start, span.end);
      const due = findDuePhrase(sentence.text, reference);
      let confidence = rule.confidence;
      if (rule.type === "action" && due) confidence += 0.1;
      if (who.owner && rule.owner !== "speaker") confidence += 0.05;
      if ("acknowledgedBy" in who) confidence -= 0.1;
      if (sentence.words.length > 40) confidence -= 0.1;
      const evidence = { segmentIds: [segment.id], quotes: [quote], speakers: [segment.speaker] };
      if ("acknowledgedBy" in who && who.acknowledgedBy) {
        const ack = who.acknowledgedBy;
        evidence.segmentIds.push(ack.id);
        evidence.quotes.push(ack.text.trim());
        evidence.speakers.push(ack.speaker);
      }
      const summary = shorten(tidyText(cleanText(quote)), rule.pattern);
      found.push({
        type: rule.type,
        summary,
        ...(rule.type === "action" && who.owner ? { owner: who.owner } : {}),
        ...(rule.type === "action" && due?.date ? { due: due.date } : {}),
        evidence,
        confidence: Math.round(Math.min(0.95, Math.max(0.05, confidence)) * 100) / 100,
        source: "heuristic",
        order,
        terms: contentTerms(summary),
      });
      // One item per sentence: the first rule that fits, in the order above, is the most specific.
      break;
    }
  });

  const merged: typeof found = [];
  // An item must say what about: "I'll let you know." alone names no task.
  for (const item of found.filter((i) => i.confidence >= MIN_CONFIDENCE && i.terms.size > 0)) {
    const twin = merged.find(
      (m) =>
        m.type === item.type &&
        (m.evidence.segmentIds[0] === item.evidence.segmentIds[0] || jaccard(m.terms, item.terms) >= 0.5),
    );
    if (!twin) {
      merged.push(item);
      continue;
    }
    for (const [i, id] of item.evidence.segmentIds.entries()) {
      if (twin.evidence.segmentIds.includes(id)) continue;
      twin.evidence.segmentIds.push(id);
      twin.evidence.quotes.push(item.evidence.quotes[i]!);
    }
    for (const s of item.evidence.speakers)
      if (!twin.evidence.speakers.includes(s)) twin.evidence.speakers.push(s);
    twin.confidence = Math.min(0.95, Math.max(twin.confidence, item.confidence) + 0.05);
  }
  const limit = Math.min(
    MAX_ITEMS,
    Math.max(3, Math.round((prepared.totalWords / 1000) * ITEMS_PER_THOUSAND_WORDS)),
  );
  return merged
    .sort((a, b) => b.confidence - a.confidence || a.order - b.order)
    .slice(0, limit)
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, terms: _terms, ...item }) => item);
}
