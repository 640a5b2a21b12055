import { countMessageTokens, countTokens } from "../llm/tokens";
import type { LlmMessage } from "../ports";
import { wrapBlock } from "../prompts/compose-messages";

/** The instructions of a one-meeting answer; they come after the transcript, like an analyzer's. */
export const MEETING_INSTRUCTIONS = `Answer the question below from the transcript above. The analyses that follow were made from the same transcript; use them as a guide, but every statement must rest on the transcript itself.

Cite the segments that support each statement by their ids in square brackets, like [seg-12] or [seg-3, seg-4], right after the statement. When the exact wording matters, quote a few words in double quotes, copied character for character from the cited segment. If the transcript does not answer the question, say so plainly instead of guessing. Be brief: a short paragraph or a few bullet points.`;

/** The instructions of an answer across meetings; passages are grouped under meeting handles. */
export const LIBRARY_INSTRUCTIONS = `Answer the question below from the meeting passages above. Each passage is under a heading that gives its meeting's handle (M1, M2, …), title and date.

Cite the passages that support each statement by the meeting handle and segment id in square brackets, like [M2 seg-14] or [M1 seg-3, M3 seg-40], right after the statement. When the exact wording matters, quote a few words in double quotes, copied character for character. Say where meetings agree and where they differ. If the passages do not answer the question, say so plainly. Be brief.`;

export interface AnalysisText {
  name: string;
  text: string;
}

/** At most this share of a call's room goes to the job's analyses; the transcript comes first. */
const ANALYSES_SHARE = 0.25;

/** The analyses that fit in `tokens`, each cut at a paragraph when it must be, saying so. */
export function analysesBlock(analyses: readonly AnalysisText[], tokens: number): string {
  const out: string[] = [];
  let left = tokens;
  for (const a of analyses) {
    if (left < 100) break;
    const full = `### ${a.name}\n\n${a.text.trim()}`;
    const cost = countTokens(full);
    if (cost <= left) {
      out.push(full);
      left -= cost;
      continue;
    }
    const paragraphs = full.split(/\n{2,}/);
    const kept: string[] = [];
    let used = 0;
    for (const p of paragraphs) {
      const t = countTokens(p) + 2;
      if (used + t > left - 20) break;
      kept.push(p);
      used += t;
    }
    if (kept.length > 1) out.push(`${kept.join("\n\n")}\n\n(cut here to fit)`);
    break;
  }
  return out.join("\n\n");
}

export interface MeetingAskInput {
  /** The job's shared system message (`plan.system`), so the prefix is the analysis run's. */
  system: string;
  /** The transcript exactly as the analyzers read it (`transcriptText`): the cached prefix. */
  transcriptText: string;
  question: string;
  analyses: readonly AnalysisText[];
  /** Earlier questions of the thread, oldest first, for follow-ups. */
  history?: ReadonlyArray<{ question: string; answer: string }>;
  maxInputTokens: number;
}

/** `[system, <transcript>, instructions + analyses + question]`: the first two as every analyzer sends them. */
export function meetingMessages(
  input: MeetingAskInput,
  transcriptBlock = input.transcriptText,
): LlmMessage[] {
  const head: LlmMessage[] = [
    { role: "system", content: input.system },
    { role: "user", content: wrapBlock("transcript", transcriptBlock) },
  ];
  const tail = (analyses: string) =>
    [
      MEETING_INSTRUCTIONS,
      ...(analyses ? [`Analyses of this meeting:\n\n${analyses}`] : []),
      ...(input.history?.length
        ? [
            `Earlier in this conversation:\n\n${input.history
              .slice(-5)
              .map((h) => `Q: ${h.question}\nA: ${h.answer}`)
              .join("\n\n")}`,
          ]
        : []),
      `Question: ${input.question}`,
    ].join("\n\n");
  const room = input.maxInputTokens - countMessageTokens([...head, { role: "user", content: tail("") }]);
  const analyses = analysesBlock(input.analyses, Math.max(0, Math.floor(room * ANALYSES_SHARE)));
  return [...head, { role: "user", content: tail(analyses) }];
}

/** Whether the whole transcript and the question fit one call (the analyses are cut to fit). */
export function transcriptFits(input: MeetingAskInput): boolean {
  const bare = meetingMessages({ ...input, analyses: [] });
  return countMessageTokens(bare) <= input.maxInputTokens;
}

export interface LibraryPassage {
  handle: string;
  title?: string;
  date?: string;
  /** The passage rendered with its segment ids, `[seg-12] Speaker: text`. */
  text: string;
}

/** Texts of several meetings, each under a `## M1 · title · date` heading a citation can name. */
export function meetingSections(sections: readonly LibraryPassage[]): string {
  return sections
    .map((p) => `## ${[p.handle, p.title, p.date].filter(Boolean).join(" · ")}\n\n${p.text}`)
    .join("\n\n");
}

export function libraryMessages(
  system: string,
  question: string,
  passages: readonly LibraryPassage[],
): LlmMessage[] {
  const body = meetingSections(passages);
  return [
    { role: "system", content: system },
    { role: "user", content: wrapBlock("context", body) },
    { role: "user", content: `${LIBRARY_INSTRUCTIONS}\n\nQuestion: ${question}` },
  ];
}
