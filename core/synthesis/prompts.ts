import { meetingSections } from "../ask/prompt";
import type { LlmMessage } from "../ports";
import { wrapBlock } from "../prompts/compose-messages";

const POINTS = `List the points this meeting makes that bear on the focus below: what was said, proposed, decided or worried about, each in one sentence, with the speakers and the segments (ids like seg-12) that say it and a short exact quote from one of them. Then list the questions the meeting left open. Return JSON that matches the schema.`;

const THEMES = `Above are the points of several meetings, each under its handle (M1, M2, …). Find the themes that run across them: for each, a title, a two-sentence summary, where the meetings agree and where they differ, and the evidence from every meeting that bears on it (the meeting's handle, segment ids and short exact quotes copied from its points). Then list the open questions across the meetings. Return JSON that matches the schema.`;

/** Step 1, one meeting: `[system, <transcript>, instructions]`, the job's own prefix first so its cache serves it. */
export function pointsMessages(
  system: string,
  transcriptText: string,
  focus: string | undefined,
): LlmMessage[] {
  return [
    { role: "system", content: system },
    { role: "user", content: wrapBlock("transcript", transcriptText) },
    { role: "user", content: `${POINTS}\n\nFocus: ${focus || "the main themes of the meeting"}` },
  ];
}

/** Step 2, across meetings: the points of each, under its handle, title and date. */
export function themesMessages(
  system: string,
  meetings: ReadonlyArray<{ handle: string; title?: string; date?: string; points: string }>,
  focus: string | undefined,
): LlmMessage[] {
  const body = meetingSections(meetings.map((m) => ({ ...m, text: m.points })));
  return [
    { role: "system", content: system },
    { role: "user", content: wrapBlock("context", body) },
    { role: "user", content: `${THEMES}\n\nFocus: ${focus || "the themes they share"}` },
  ];
}
