import * as v from "valibot";
import { InputError } from "../errors";
import { loadJobView, readJobParts } from "../jobs/job-view";
import { countTokens } from "../llm/tokens";
import type { JobStore } from "../ports";
import { renderTranscript } from "../transcript/render";
import { computedSynthesis, type SynthesisMeeting } from "./computed";
import { synthesisMarkdown } from "./markdown";
import { type SynthesisRequest, SynthesisRequestSchema, type SynthesisResult } from "./model";
import { type ModelMeeting, modelSynthesis, type SynthesisModel } from "./with-model";

/** A synthesis request as the API takes it; a bad one is `invalid_request` with a message a person can act on. */
export function parseSynthesisRequest(input: unknown): SynthesisRequest {
  const parsed = v.safeParse(SynthesisRequestSchema, input);
  if (!parsed.success) throw new InputError("invalid_request", parsed.issues[0].message);
  return parsed.output;
}

export type SynthesisProgress =
  | { step: "meeting"; meetingId: string; done: number; total: number }
  | { step: "points"; meetingId: string; done: number; total: number }
  | { step: "themes"; total: number };

/**
 * Reads each meeting (already checked to be the caller's), saying so as it goes, then finds what
 * they share: keywords and topics with counts per meeting and example passages (no model needed),
 * and with `model` the themes across them, each citing the meetings and segments that support it.
 */
export async function synthesizeMeetings(
  request: SynthesisRequest,
  store: Pick<JobStore, "get" | "record" | "input" | "result">,
  onProgress: (p: SynthesisProgress) => void = () => {},
  model?: SynthesisModel,
): Promise<{ result: SynthesisResult; markdown: string }> {
  const meetings: Array<SynthesisMeeting & ModelMeeting> = [];
  const total = request.meetings.length;
  for (const meetingId of request.meetings) {
    const parts = await readJobParts(meetingId, store);
    const view = await loadJobView(meetingId, store, undefined, parts);
    const { prepared } = parts;
    const transcriptText = prepared?.transcriptText ?? renderTranscript(view.transcript, { ids: true });
    meetings.push({
      meetingId,
      ...(view.transcript.title ? { title: view.transcript.title } : {}),
      ...(view.transcript.date ? { date: view.transcript.date } : {}),
      transcript: view.transcript,
      computed: { keywords: view.computed.keywords, topics: view.computed.topics },
      transcriptText,
      transcriptTokens: prepared?.transcriptTokens ?? countTokens(transcriptText),
    });
    onProgress({ step: "meeting", meetingId, done: meetings.length, total });
  }
  const computed = computedSynthesis(meetings);
  let themesSaid = false;
  const sayThemes = () => {
    if (!themesSaid) onProgress({ step: "themes", total });
    themesSaid = true;
  };
  const result = model
    ? await modelSynthesis(meetings, computed, model, request.focus, (meetingId, done) => {
        onProgress({ step: "points", meetingId, done, total });
        if (done === total) sayThemes();
      })
    : computed;
  sayThemes();
  return { result, markdown: synthesisMarkdown(result) };
}
