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
import { synthesisResponder } from "../../test/llm-double/synthesis";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import syntheses from "./index";

const double = useLlmDouble();
const testDeps = useTestDeps();

async function meetings(withModel = false) {
  const t = await testDeps({ ...TWO_TOKENS, ...(withModel ? { OPENAI_BASE_URL: double().baseURL } : {}) });
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

  it("with a model finds themes across the meetings, each citation checked in the meeting it names", async () => {
    const { post, budget, launch } = await meetings(true);
    double().setResponder(synthesisResponder);
    const res = await post(
      { meetings: [budget, launch], focus: "the battery" },
      { ...ALPHA, accept: "text/event-stream" },
    );
    const records = await sseRecords<{ step?: string; synthesis?: SynthesisResult; markdown?: string }>(res);
    expect(records.map((r) => r.data.step ?? r.event)).toEqual([
      "meeting",
      "meeting",
      "points",
      "points",
      "themes",
      "result",
    ]);
    const { synthesis, markdown } = records.at(-1)!.data;
    expect(synthesis!.mode).toBe("model");
    const [theme] = synthesis!.themes;
    expect(theme!.title).toBe("The kinetic battery");
    const support = Object.fromEntries(theme!.support.map((s) => [s.meetingId, s]));
    expect(Object.keys(support).sort()).toEqual([budget, launch].sort());
    expect(support[budget]).toMatchObject({ segmentIds: ["seg-2"], verified: true });
    // An unknown segment and a quote not in the cited segments are dropped and said; M7 names no meeting.
    expect(support[launch]).toMatchObject({
      segmentIds: ["seg-3"],
      quotes: ["our kinetic battery is the story"],
      verified: false,
    });
    expect(support[launch]!.flags.join(" ")).toMatch(/unknown segment seg-99.*quote not found/);
    expect(synthesis!.openQuestions).toEqual(["Which battery lasts longer?", "What does the case cost?"]);
    expect(markdown).toContain("## The kinetic battery");
    // The counts a reader can check stand beside the themes.
    expect(markdown).toContain("## Shared keywords (computed)");
    expect(markdown).toMatch(/Launch plan: seg-3 — "our kinetic battery is the story" \(unverified/);
    // Each meeting's points were asked from its own transcript, then the themes from their points.
    const asked = double().requests.map((r) => r.jsonSchemaName);
    expect(asked.filter((n) => n === "meeting_points")).toHaveLength(2);
    expect(asked.filter((n) => n === "synthesis_themes")).toHaveLength(1);
  });

  it("with a model that fails, answers the computed synthesis and says why", async () => {
    const { post, budget, launch } = await meetings(true);
    double().setResponder(() => ({
      status: 400,
      error: { message: "model refuses", type: "invalid_request_error" },
    }));
    const res = await post({ meetings: [budget, launch] });
    expect(res.status).toBe(200);
    const { synthesis } = (await res.json()) as { synthesis: SynthesisResult };
    expect(synthesis.mode).toBe("computed");
    expect(synthesis.sharedTerms.length).toBeGreaterThan(0);
    expect(synthesis.notes?.[0]).toMatch(/The model could not make the synthesis/);
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
