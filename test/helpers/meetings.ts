import { expect } from "vitest";
import analyze from "../../functions/analyze";
import type { FunctionDeps } from "../../functions/shared/deps";
import { parseSseBlock } from "../../functions/ui/client/lib/sse";
import { jsonRequest } from "./function-deps";

export const ALPHA = { authorization: "Bearer alpha-token-1" };
export const BETA = { authorization: "Bearer beta-token-2" };
export const TWO_TOKENS = { API_TOKENS: "alpha-token-1,beta-token-2" };

/** Submits a transcript through POST /api/analyze and returns its job id (run it with `idle()`). */
export async function submitMeeting(
  deps: FunctionDeps,
  transcriptText: string,
  headers: Record<string, string> = {},
  selected: Record<string, string[]> = { stageA: [], stageB: [], final: [] },
): Promise<string> {
  const res = await analyze(deps).request(
    "/api/analyze",
    jsonRequest("POST", { transcriptText, selected }, headers),
  );
  expect(res.status).toBe(202);
  return ((await res.json()) as { jobId: string }).jobId;
}

/** An SSE body read to its end into `{event, data}` records, data parsed. */
export async function sseRecords<T = Record<string, unknown>>(
  res: Response,
): Promise<Array<{ event: string; data: T }>> {
  const text = await res.text();
  return text
    .split("\n\n")
    .map(parseSseBlock)
    .filter((r) => r !== null)
    .map((r) => ({ event: r.event, data: (r.data ? JSON.parse(r.data) : undefined) as T }));
}

export const BUDGET_MEETING = `Title: Budget review
Date: 2024-03-04

Alice: Welcome everyone, let's look at the budget for the remote control.
Bob: The battery costs too much. We could use a kinetic battery instead.
Alice: A kinetic battery sounds good. What about the case?
Carol: The case should be rubber, it feels soft and spongy.
Bob: Voice recognition is expensive, but people like voice recognition.
Alice: Then we drop the LCD screen to stay within budget.
`;

export const LAUNCH_MEETING = `Title: Launch plan
Date: 2024-05-01

Dana: The launch is planned for May; marketing has the battery story ready.
Eve: Our competitors ship voice control already, and their battery lasts longer.
Dana: Then our kinetic battery is the story for the launch.
`;

export const SECRET_MEETING = `Title: Secret prototype

Mallory: The battery of the secret prototype explodes when charged.
Trent: Keep the battery problem out of the launch notes.
`;
