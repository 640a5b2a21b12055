import { describe, expect, it } from "vitest";
import type { SynthesisResult } from "../../core/synthesis/model";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import {
  ALPHA,
  BETA,
  BUDGET_MEETING,
  LAUNCH_MEETING,
  SECRET_MEETING,
  sseRecords,
  submitMeeting,
  TWO_TOKENS,
} from "../../test/helpers/meetings";
import syntheses from "./index";

const testDeps = useTestDeps();

async function meetings() {
  const t = await testDeps(TWO_TOKENS);
  const budget = await submitMeeting(t.deps, BUDGET_MEETING, ALPHA);
  const launch = await submitMeeting(t.deps, LAUNCH_MEETING, ALPHA);
  const secret = await submitMeeting(t.deps, SECRET_MEETING, BETA);
  await t.idle();
  const app = syntheses(t.deps);
  const post = (body: unknown, headers: Record<string, string> = ALPHA) =>
    app.request("/api/syntheses", jsonRequest("POST", body, headers));
  return { post, budget, launch, secret };
}

describe("POST /api/syntheses", () => {
  it("without a model finds the keywords the meetings share, with counts per meeting and examples, as JSON and Markdown", async () => {
    const { post, budget, launch } = await meetings();
    const res = await post({ meetings: [budget, launch] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { synthesis: SynthesisResult; markdown: string };
    expect(body.synthesis.mode).toBe("computed");
    const battery = body.synthesis.sharedTerms.find((t) => t.term.startsWith("battery"));
    expect(battery).toBeDefined();
    expect(Object.keys(battery!.counts).sort()).toEqual([budget, launch].sort());
    expect(new Set(battery!.examples.map((e) => e.meetingId))).toEqual(new Set([budget, launch]));
    expect(body.markdown).toMatch(/battery/i);
  });

  it("streams progress per meeting, then the result", async () => {
    const { post, budget, launch } = await meetings();
    const res = await post({ meetings: [budget, launch] }, { ...ALPHA, accept: "text/event-stream" });
    const records = await sseRecords<{ step?: string; meetingId?: string }>(res);
    expect(records.map((r) => r.event)).toEqual(["progress", "progress", "progress", "result"]);
    expect(records.slice(0, 2).map((r) => r.data.meetingId)).toEqual([budget, launch]);
    expect(records[2]!.data.step).toBe("themes");
  });

  it("refuses fewer than two meetings (400) and another token's meeting (404)", async () => {
    const { post, budget, secret } = await meetings();
    const one = await post({ meetings: [budget] });
    expect(one.status).toBe(400);
    expect((await one.json()).error.message).toMatch(/at least 2/);
    expect((await post({ meetings: [budget, secret] })).status).toBe(404);
  });
});
