/** The three figures of the search evaluation, for one question and its ranked passages. */
import type { DevQuestion } from "./dev-library";

/** A ranked result as the metrics see it: a meeting and an inclusive range of turns. */
export interface RankedRange {
  meeting: string;
  first: number;
  last: number;
}

export interface QuestionScore {
  /** The top passage is from the question's meeting. */
  meetingAt1: number;
  /** Some top-10 passage of the question's meeting overlaps an answering span. */
  hitAt10: number;
  /** Share of the answering turns that the top-20 passages cover. */
  recallAt20: number;
}

export function scoreQuestion(question: DevQuestion, ranked: readonly RankedRange[]): QuestionScore {
  const answer = new Set<number>();
  for (const [a, b] of question.spans) for (let t = a; t <= b; t++) answer.add(t);
  const own = (r: RankedRange) => r.meeting === question.meeting;
  const overlaps = (r: RankedRange) => question.spans.some(([a, b]) => r.first <= b && a <= r.last);
  const covered = new Set<number>();
  for (const r of ranked.slice(0, 20).filter(own))
    for (let t = r.first; t <= r.last; t++) if (answer.has(t)) covered.add(t);
  return {
    meetingAt1: ranked[0] && own(ranked[0]) ? 1 : 0,
    hitAt10: ranked.slice(0, 10).some((r) => own(r) && overlaps(r)) ? 1 : 0,
    recallAt20: answer.size > 0 ? covered.size / answer.size : 0,
  };
}

export function meanScores(scores: readonly QuestionScore[]): QuestionScore {
  const mean = (pick: (s: QuestionScore) => number) =>
    scores.length > 0 ? scores.reduce((a, s) => a + pick(s), 0) / scores.length : 0;
  return {
    meetingAt1: mean((s) => s.meetingAt1),
    hitAt10: mean((s) => s.hitAt10),
    recallAt20: mean((s) => s.recallAt20),
  };
}
