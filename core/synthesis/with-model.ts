import { toAppError } from "../errors";
import { segmentIndex } from "../insights/verify";
import { completeStructured } from "../llm/structured";
import { budgetFor } from "../pipeline/call-env";
import type { PipelineSettings } from "../pipeline/deps";
import type { LlmProvider, LlmRequest } from "../ports";
import type { Transcript } from "../transcript/model";
import {
  type LlmMeetingPoints,
  LlmMeetingPointsSchema,
  LlmThemesSchema,
  type SynthesisResult,
} from "./model";
import { pointsMessages, themesMessages } from "./prompts";
import { type SynthesisSource, verifyThemes } from "./verify";

/** The model a synthesis asks, and how much one call may carry. */
export interface SynthesisModel {
  llm: LlmProvider;
  model: string;
  /** The analyst's system message. */
  system: string;
  maxInputTokens: number;
  maxOutputTokens: number;
}

/** The synthesis model for `llm`: calls sized by the window the service really has. */
export async function synthesisModel(
  llm: LlmProvider,
  model: string,
  system: string,
  settings: PipelineSettings,
): Promise<SynthesisModel> {
  return { llm, model, system, ...(await budgetFor(llm, model, settings)) };
}

/** A meeting as the model synthesis reads it: its transcript as the analyzers read it, and its segments. */
export interface ModelMeeting {
  meetingId: string;
  title?: string;
  date?: string;
  transcript: Transcript;
  /** The text the job's analyzers were sent (redacted when the job redacts), and its tokens. */
  transcriptText: string;
  transcriptTokens: number;
}

/** Room for the instructions and the system message beside a transcript. */
const INSTRUCTION_TOKENS = 2_000;

/**
 * Themes across meetings with a model: each meeting's points from its whole transcript (side by
 * side; its own prefix first), then the themes across their points, every citation checked in
 * the meeting it names. The computed synthesis stays the answer, with a note saying why, when a
 * meeting is too long for one call or a call fails.
 */
export async function modelSynthesis(
  meetings: readonly ModelMeeting[],
  computed: SynthesisResult,
  m: SynthesisModel,
  focus: string | undefined,
  onPoints: (meetingId: string, done: number) => void = () => {},
): Promise<SynthesisResult> {
  const tooLong = meetings.filter((x) => x.transcriptTokens + INSTRUCTION_TOKENS > m.maxInputTokens);
  if (tooLong.length > 0) {
    const names = tooLong.map((x) => x.title ?? x.meetingId).join(", ");
    return {
      ...computed,
      notes: [
        `${names} ${tooLong.length === 1 ? "is" : "are"} too long for one call to ${m.model} (${m.maxInputTokens} tokens), so this is the computed synthesis; choose shorter meetings or a model with a larger window.`,
      ],
    };
  }
  const request = (messages: LlmRequest["messages"]): Omit<LlmRequest, "jsonSchema"> => ({
    model: m.model,
    messages,
    maxOutputTokens: m.maxOutputTokens,
  });
  try {
    let done = 0;
    const points = await Promise.all(
      meetings.map(async (meeting) => {
        const { value } = await completeStructured(
          m.llm,
          {
            ...request(pointsMessages(m.system, meeting.transcriptText, focus)),
            cacheKey: `job-${meeting.meetingId}`,
          },
          LlmMeetingPointsSchema,
          "meeting_points",
        );
        onPoints(meeting.meetingId, ++done);
        return value;
      }),
    );
    const handles = meetings.map((meeting, i) => ({ meeting, handle: `M${i + 1}` }));
    const { value } = await completeStructured(
      m.llm,
      request(
        themesMessages(
          m.system,
          handles.map(({ meeting, handle }, i) => ({
            handle,
            ...(meeting.title ? { title: meeting.title } : {}),
            ...(meeting.date ? { date: meeting.date } : {}),
            points: pointsText(points[i]!),
          })),
          focus,
        ),
      ),
      LlmThemesSchema,
      "synthesis_themes",
    );
    const sources = new Map<string, SynthesisSource>(
      handles.map(({ meeting, handle }) => [
        handle,
        { meetingId: meeting.meetingId, segments: segmentIndex(meeting.transcript) },
      ]),
    );
    const openQuestions = [
      ...new Set([...value.openQuestions, ...points.flatMap((p) => p.openQuestions)].map((q) => q.trim())),
    ].filter(Boolean);
    const themes = verifyThemes(value.themes, sources).filter((t) => t.support.length > 0);
    return {
      ...computed,
      mode: "model",
      themes,
      openQuestions,
      ...(themes.length === 0 && value.themes.length > 0
        ? {
            notes: [
              "None of the model's themes cited a segment that could be found; only the computed part is shown.",
            ],
          }
        : {}),
    };
  } catch (e) {
    return {
      ...computed,
      notes: [`The model could not make the synthesis (${toAppError(e).message}); this is the computed one.`],
    };
  }
}

/** A meeting's points as the themes step reads them: one line each, with speakers, segments and a quote. */
function pointsText(points: LlmMeetingPoints): string {
  const lines = points.points.map((p) => {
    const quote = p.quotes[0] ? `: "${p.quotes[0]}"` : "";
    return `- ${p.statement} (${[p.speakers.join(", "), p.segmentIds.join(", ")].filter(Boolean).join("; ")}${quote})`;
  });
  if (points.openQuestions.length > 0)
    lines.push("Open questions:", ...points.openQuestions.map((q) => `- ${q}`));
  return lines.join("\n");
}
