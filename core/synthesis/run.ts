import * as v from "valibot";
import { InputError } from "../errors";
import { loadJobView } from "../jobs/job-view";
import type { JobStore } from "../ports";
import { computedSynthesis, type SynthesisMeeting } from "./computed";
import { synthesisMarkdown } from "./markdown";
import { type SynthesisRequest, SynthesisRequestSchema, type SynthesisResult } from "./model";

/** A synthesis request as the API takes it; a bad one is `invalid_request` with a message a person can act on. */
export function parseSynthesisRequest(input: unknown): SynthesisRequest {
  const parsed = v.safeParse(SynthesisRequestSchema, input);
  if (!parsed.success) throw new InputError("invalid_request", parsed.issues[0].message);
  return parsed.output;
}

export type SynthesisProgress =
  | { step: "meeting"; meetingId: string; done: number; total: number }
  | { step: "themes"; total: number };

/**
 * Reads each meeting (already checked to be the caller's), saying so as it goes, then finds what
 * they share: keywords and topics with counts per meeting and example passages (no model needed).
 */
export async function synthesizeMeetings(
  request: SynthesisRequest,
  store: Pick<JobStore, "get" | "record" | "input" | "result">,
  onProgress: (p: SynthesisProgress) => void = () => {},
): Promise<{ result: SynthesisResult; markdown: string }> {
  const meetings: SynthesisMeeting[] = [];
  for (const meetingId of request.meetings) {
    const view = await loadJobView(meetingId, store);
    meetings.push({
      meetingId,
      ...(view.transcript.title ? { title: view.transcript.title } : {}),
      ...(view.transcript.date ? { date: view.transcript.date } : {}),
      transcript: view.transcript,
      computed: { keywords: view.computed.keywords, topics: view.computed.topics },
    });
    onProgress({ step: "meeting", meetingId, done: meetings.length, total: request.meetings.length });
  }
  onProgress({ step: "themes", total: meetings.length });
  const result = computedSynthesis(meetings);
  return { result, markdown: synthesisMarkdown(result) };
}
