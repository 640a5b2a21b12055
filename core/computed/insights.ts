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
const HEDGE_BEFORE =
  /\b(?:if|whether|unless|not|no|never|haven't|hasn't|didn't|don't|doesn't|won't|wouldn't|isn't|aren't|can't|shouldn't)\b[^,.;]*$/i;
/** Before a decision cue, a maybe is a proposal: "we could maybe go with", "would you go for". */
const TENTATIVE_BEFORE = /\b(?:would|could|might|maybe|perhaps|suppose|what if|wonder|should we)\b[^,.;]*$/i;
/** A reply that takes a task on and says nothing else: "Yep.", "Okay, sure." */
const ACKNOWLEDGEMENT =
  /^(?:(?:yeah|yep|yes|yup|okay|ok|sure|right|fine|alright|will do|no problem|of course|mm-hmm|uh-huh)[\s,.!]*)+$/i;
/** A turn that goes over an earlier meeting: its decisions were taken then. */
const RECAP =
  /\b(?:last (?:meeting|time|week)|previous (?:meeting|session)|(?:the )?minutes of|recap|summari[sz]ing the)\b/i;
/** Planning to decide is no decision: "we'll take decisions later", "we have to decide on". */
const AGENDA =
  /\b(?:agenda|(?:will|'ll|going to|gonna|have to|need to|must|should|got to) (?:take|make|reach|come to) (?:a |some |the )?decisions?|(?:have|need|got) to decide|decide (?:on|about|what|whether|which|how|if|later)|take (?:a |the )?decisions?|decision (?:on|about|making))\b/i;
/** What someone else said or decided elsewhere. */
const REPORTED =
  /\b(?:they|he|she|management|the company|the board|the client|customers?|users|people|the (?:manufacturing|marketing|management) (?:division|department|team)|head office)(?:'s| has| have)? (?:said|says|told|decided|want|wants|wanted|suggested|asked|found|indicated|think|thinks)\b|\baccording to\b/i;
/** A presentation's findings are not the project's risks: a long turn only counts an explicit concern. */
const PRESENTATION_WORDS = 120;
const EXPLICIT_RISK = /\b(?:risks?|risky|concerns?|worr(?:ied|y)|problem)\b/i;
/** "Do you agree?" answered yes makes the proposal just before it a decision. */
const AGREE_QUESTION =
  /\b(?:(?:do|does) (?:you|everyone|everybody|we all)|everyone|everybody|are we all|is (?:everybody|everyone)|(?:are|is) (?:you|everyone|everybody) (?:all )?(?:okay|ok|happy)) (?:all )?(?:agree|okay with|ok with|happy with|fine with)\b|\bis (?:anybody|anyone) (?:really )?against\b/i;
/** A proposal, and the words with which others take it up: together, a decision. */
const PROPOSAL =
  /\b(?:we (?:could|should|can) (?:just |also )?(?:have|use|go|make|put|do|keep|add|include|take)|maybe (?:we|it) (?:could|should|can)|how about|what about|why don't we|i (?:think|suggest|propose) (?:we|that we|it)|(?:so|okay),? maybe (?:have|use|put|make))\b/i;
const APPROVAL =
  /^(?:(?:yeah|yes|yep|okay|ok|oh|um|uh|mm-hmm|so|and|well|right)[\s,.!]*)*(?:i (?:totally |fully |completely )?agree|agreed|(?:that's |that is |it's |it is )?(?:a )?(?:good|great|nice|brilliant|excellent) (?:idea|point|one)|sounds (?:good|great|fine)|that works|fair enough|let's do (?:that|it)|definitely|exactly)\b/i;
/** The last part of a meeting, where a chair sums up what was decided and who does what. */
const CLOSING = 0.8;

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
const ITEMS_PER_THOUSAND_WORDS = 4;
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
  // "the ID will" names the Industrial Designer: the initials of a label of two words or more.
  const initials = t.speakers.map((s) => {
    const parts = s.split(/\s+/);
    return parts.length >= 2 && parts.every((p) => /^\p{Lu}/u.test(p))
      ? parts.map((p) => p[0]!.toLowerCase()).join("")
      : undefined;
  });
  const named = (lowerText: string, exclude?: string): string[] =>
    t.speakers.filter(
      (s, i) =>
        s !== exclude &&
        (new RegExp(`\\b${escapeRegExp(speakersLower[i]!)}\\b`).test(lowerText) ||
          (initials[i] !== undefined && new RegExp(`\\b${initials[i]}\\b`).test(lowerText))),
    );
  const turnWords = prepared.segments.map((s) => s.wordCount);
  let wordsSoFar = 0;
  const segmentPosition = prepared.segments.map((s) => {
    const at = wordsSoFar / Math.max(1, prepared.totalWords);
    wordsSoFar += s.wordCount;
    return at;
  });
  const found: Array<Insight & { order: number; terms: Set<string> }> = [];

  const ownerFor = (rule: Rule, sentence: PreparedSentence, match: RegExpExecArray) => {
    const segment = t.segments[sentence.segmentIndex]!;
    if (rule.owner === "speaker") return { owner: segment.speaker };
    if (rule.owner === "named") {
      // "the industrial designer will" names a speaker by role; "David will" names a person.
      const before = ` ${match[1]!.toLowerCase()}`;
      const speaker = t.speakers.find(
        (_, i) =>
          before.endsWith(` ${speakersLower[i]}`) ||
          (initials[i] !== undefined && before.endsWith(` ${initials[i]}`)),
      );
      const named = speaker ?? capitalizedName(sentence.text.slice(match.index), before.split(" ").at(-1)!);
      return named ? { owner: named } : undefined;
    }
    if (rule.owner !== "addressee") return {};
    // A role or name said in the sentence ("as the industrial designer, you'll"), else the one who
    // answers "yeah, sure" right after.
    const mentioned = named(sentence.text.toLowerCase(), segment.speaker);
    if (mentioned.length === 1) return { owner: mentioned[0]! };
    const vocative = /(?:^|, )([A-Z][a-z]+)(?:,|$)|\byou,? ([A-Z][a-z]+)\b/.exec(sentence.text);
    const vocativeName = vocative?.[1] ?? vocative?.[2];
    if (vocativeName && !isStopword(vocativeName.toLowerCase())) return { owner: vocativeName };
    // Else the one who takes it on at once with a bare "Yep." to the turn's last sentence; an
    // "Okay, but…" or an answer to an earlier sentence names nobody.
    const next = t.segments[sentence.segmentIndex + 1];
    const last = prepared.segments[sentence.segmentIndex]!.sentences.at(-1) === sentence;
    if (last && next && next.speaker !== segment.speaker && ACKNOWLEDGEMENT.test(cleanText(next.text))) {
      return { owner: next.speaker, acknowledgedBy: next };
    }
    return {};
  };

  /**
   * "Do you agree?" with a bare yes from someone else next: the proposal said just before it is a
   * decision, cited with the question and the yes.
   */
  const agreementAsked = (sentence: PreparedSentence, order: number) => {
    if (!AGREE_QUESTION.test(sentence.text)) return undefined;
    const segment = t.segments[sentence.segmentIndex]!;
    const reply = t.segments[sentence.segmentIndex + 1];
    const proposal = prepared.sentences
      .slice(Math.max(0, order - 3), order)
      .reverse()
      .find((p) => !p.text.endsWith("?") && p.words.length >= 4);
    if (!reply || reply.speaker === segment.speaker || !proposal) return undefined;
    const answer = cleanText(reply.text);
    if (!ACKNOWLEDGEMENT.test(answer) && !/^no\b/i.test(answer)) return undefined;
    const where = t.segments[proposal.segmentIndex]!;
    const evidence = { segmentIds: [] as string[], quotes: [] as string[], speakers: [] as string[] };
    for (const [s, quote] of [
      [where, where.text.slice(proposal.start, proposal.end)],
      [segment, segment.text.slice(sentence.start, sentence.end)],
      [reply, reply.text.trim()],
    ] as const) {
      if (evidence.segmentIds.includes(s.id)) continue;
      evidence.segmentIds.push(s.id);
      evidence.quotes.push(quote);
      if (!evidence.speakers.includes(s.speaker)) evidence.speakers.push(s.speaker);
    }
    const summary = shorten(tidyText(proposal.text), /$/);
    return {
      type: "decision" as const,
      summary,
      evidence,
      confidence: 0.7,
      source: "heuristic" as const,
      order,
      terms: contentTerms(summary),
    };
  };
  /** A proposal, ending its turn, that the next three turns take up. */
  const approvedProposal = (sentence: PreparedSentence, order: number) => {
    if (
      !PROPOSAL.test(sentence.text) ||
      (sentence.text.endsWith("?") && !/\bhow about|what about\b/i.test(sentence.text))
    )
      return undefined;
    if (prepared.segments[sentence.segmentIndex]!.sentences.at(-1) !== sentence) return undefined;
    const segment = t.segments[sentence.segmentIndex]!;
    // Approval ("good idea", "sounds good") from two of the others, or an "I agree"; a plain "yeah"
    // is too common in meetings to tell assent from listening.
    const taken = t.segments
      .slice(sentence.segmentIndex + 1, sentence.segmentIndex + 4)
      .filter((r) => r.speaker !== segment.speaker && APPROVAL.test(cleanText(r.text)));
    if (new Set(taken.map((r) => r.speaker)).size < 2 && !taken.some((r) => /\bagree/i.test(r.text)))
      return undefined;
    const evidence = {
      segmentIds: [segment.id, ...taken.map((r) => r.id)],
      quotes: [segment.text.slice(sentence.start, sentence.end), ...taken.map((r) => r.text.trim())],
      speakers: [segment.speaker, ...new Set(taken.map((r) => r.speaker))],
    };
    const summary = shorten(tidyText(sentence.text), PROPOSAL);
    return {
      type: "decision" as const,
      summary,
      evidence,
      confidence: 0.65,
      source: "heuristic" as const,
      order,
      terms: contentTerms(summary),
    };
  };
  const recapTurn = t.segments.map((s) => RECAP.test(cleanText(s.text)));
  prepared.sentences.forEach((sentence, order) => {
    if (sentence.words.length < 3) return;
    const segment = t.segments[sentence.segmentIndex]!;
    const question = sentence.text.endsWith("?");
    if (REPORTED.test(sentence.text)) return;
    const agreed =
      (question ? agreementAsked(sentence, order) : undefined) ??
      (recapTurn[sentence.segmentIndex] || REPORTED.test(sentence.text)
        ? undefined
        : approvedProposal(sentence, order));
    if (agreed) {
      found.push(agreed);
      return;
    }
    for (const rule of RULES) {
      const match = rule.pattern.exec(sentence.text);
      if (!match) continue;
      const before = sentence.text.slice(0, match.index);
      if (HEDGE_BEFORE.test(before)) continue;
      // Requests come as questions ("can you send it?"); decisions and risks put as questions are open.
      if (question && !(rule.type === "action" && rule.owner === "addressee")) continue;
      if (rule.type !== "action" && recapTurn[sentence.segmentIndex]) continue;
      if (rule.type === "decision" && (TENTATIVE_BEFORE.test(before) || AGENDA.test(sentence.text))) continue;
      if (
        rule.type === "risk" &&
        turnWords[sentence.segmentIndex]! > PRESENTATION_WORDS &&
        !EXPLICIT_RISK.test(sentence.text)
      )
        continue;
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
      if (rule.type !== "risk" && segmentPosition[sentence.segmentIndex]! >= CLOSING) confidence += 0.05;
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
