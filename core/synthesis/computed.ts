import type { Keyword } from "../computed/keywords";
import { prepareTranscript } from "../computed/prepare-transcript";
import { countTerms } from "../computed/term-counts";
import type { Topic } from "../computed/topics";
import type { Transcript } from "../transcript/model";
import type { SharedTerm, SynthesisResult } from "./model";

export interface SynthesisMeeting {
  meetingId: string;
  title?: string;
  date?: string;
  transcript: Transcript;
  computed: { keywords: Keyword[]; topics: Topic[] };
}

const SHARED_TERMS = 15;

/**
 * The synthesis without a model: the keywords several of the meetings share, with how often each
 * meeting says them and an example sentence from each, and the topics whose keywords they are.
 * Ranked by how many meetings share a term, then how often it is said in all.
 */
export function computedSynthesis(meetings: readonly SynthesisMeeting[]): SynthesisResult {
  const prepared = meetings.map((m) => ({ meeting: m, prepared: prepareTranscript(m.transcript) }));
  const counts = prepared.map(({ prepared: p }) => countTerms(p.sentences));
  const candidates = [...new Set(meetings.flatMap((m) => m.computed.keywords.map((k) => k.term)))];
  const shared: SharedTerm[] = [];
  for (const term of candidates) {
    const perMeeting: Record<string, number> = {};
    meetings.forEach((m, i) => {
      const n = counts[i]!.get(term) ?? 0;
      if (n > 0) perMeeting[m.meetingId] = n;
    });
    if (Object.keys(perMeeting).length < 2) continue;
    const examples = prepared.flatMap(({ meeting, prepared: p }) => {
      const sentence = p.sentences.find((s) => saysTerm(s.terms, term));
      if (!sentence) return [];
      const segment = meeting.transcript.segments[sentence.segmentIndex]!;
      return [
        {
          meetingId: meeting.meetingId,
          segmentId: segment.id,
          speaker: segment.speaker,
          text: sentence.text,
        },
      ];
    });
    shared.push({ term, counts: perMeeting, examples });
  }
  const total = (t: SharedTerm) => Object.values(t.counts).reduce((a, b) => a + b, 0);
  shared.sort(
    (a, b) =>
      Object.keys(b.counts).length - Object.keys(a.counts).length ||
      total(b) - total(a) ||
      (a.term < b.term ? -1 : 1),
  );
  const top = shared.slice(0, SHARED_TERMS);
  const sharedTopics = top.flatMap((t) => {
    const topics = meetings.flatMap((m) =>
      m.computed.topics
        .filter((topic) => topic.keywords.includes(t.term))
        .map((topic) => ({ meetingId: m.meetingId, title: topic.title, startSegment: topic.startSegment })),
    );
    return new Set(topics.map((x) => x.meetingId)).size >= 2 ? [{ keyword: t.term, topics }] : [];
  });
  return {
    mode: "computed",
    meetings: meetings.map((m) => ({
      meetingId: m.meetingId,
      ...(m.title !== undefined ? { title: m.title } : {}),
      ...(m.date !== undefined ? { date: m.date } : {}),
    })),
    themes: [],
    openQuestions: [],
    sharedTerms: top,
    sharedTopics,
  };
}

/** Whether a sentence's content terms hold the term (a bigram as two terms in a row). */
function saysTerm(terms: readonly (string | null)[], term: string): boolean {
  const parts = term.split(" ");
  if (parts.length === 1) return terms.includes(term);
  return terms.some((t, i) => t === parts[0] && terms[i + 1] === parts[1]);
}
