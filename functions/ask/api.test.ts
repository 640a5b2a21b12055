import { describe, expect, it } from "vitest";
import type { AskTurn } from "../../core/ask/model";
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
import { citingResponder } from "../../test/llm-double/citing";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import ask from "./index";

const double = useLlmDouble();
const testDeps = useTestDeps();

type Turned = { ok: boolean; turn: AskTurn; error?: { code: string; message: string } };

async function meetings(withModel: boolean) {
  const t = await testDeps({ ...TWO_TOKENS, ...(withModel ? { OPENAI_BASE_URL: double().baseURL } : {}) });
  const budget = await submitMeeting(t.deps, BUDGET_MEETING, ALPHA);
  const launch = await submitMeeting(t.deps, LAUNCH_MEETING, ALPHA);
  const secret = await submitMeeting(t.deps, SECRET_MEETING, BETA);
  await t.idle();
  const app = ask(t.deps);
  const post = (path: string, body: unknown, headers: Record<string, string> = ALPHA) =>
    app.request(path, jsonRequest("POST", body, headers));
  return { ...t, app, post, budget, launch, secret };
}

describe("POST /api/jobs/:jobId/ask", () => {
  it("streams a model's answer over SSE with its citations checked, and keeps the thread with the meeting", async () => {
    const { post, app, budget } = await meetings(true);
    double().setResponder(citingResponder({ unknownCitation: true }));
    const res = await post(
      `/api/jobs/${budget}/ask`,
      { question: "What did they decide about the battery?" },
      { ...ALPHA, accept: "text/event-stream" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const records = await sseRecords<{ text?: string; turn?: AskTurn }>(res);
    const deltas = records.filter((r) => r.event === "delta");
    expect(deltas.length).toBeGreaterThan(2);
    const { turn } = records.at(-1)!.data;
    expect(records.at(-1)!.event).toBe("answer");
    expect(turn!.answer).toMatchObject({ mode: "model", unknownCitations: ["seg-999999"] });
    expect(turn!.answer!.citations.length).toBeGreaterThan(0);
    expect(deltas.map((d) => d.data.text).join("")).toContain("[seg-");

    const thread = await (await app.request(`/api/jobs/${budget}/ask`, { headers: ALPHA })).json();
    expect(thread.thread.map((t: AskTurn) => t.question)).toEqual([
      "What did they decide about the battery?",
    ]);
    expect(thread.thread[0].answer.citations).toEqual(turn!.answer!.citations);

    // A second question carries the first one and its answer.
    await post(`/api/jobs/${budget}/ask`, { question: "And the case?" });
    const sent = double().requests.at(-1)!;
    expect(JSON.stringify(sent.messages)).toContain("What did they decide about the battery?");
  });

  it("answers with an extract found by search when no model is configured", async () => {
    const { post, budget } = await meetings(false);
    const res = await post(`/api/jobs/${budget}/ask`, { question: "rubber case" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Turned;
    expect(body.turn.answer).toMatchObject({ mode: "extract", label: expect.stringMatching(/extract/i) });
    expect(body.turn.answer!.extracts![0]).toMatchObject({ meetingId: budget, speaker: "Carol" });
  });

  it("shows what arrived and the error when the model fails mid-answer; the thread keeps the question", async () => {
    const { post, app, budget } = await meetings(true);
    double().setResponder(citingResponder({ breakAfterChars: 10 }));
    const res = await post(
      `/api/jobs/${budget}/ask`,
      { question: "When do we ship?" },
      { ...ALPHA, accept: "text/event-stream" },
    );
    const last = (await sseRecords<{ turn: AskTurn }>(res)).at(-1)!;
    expect(last.event).toBe("answer");
    expect(last.data.turn.error).toMatchObject({ code: "llm_connection" });
    expect(last.data.turn.partial).toEqual(expect.any(String));
    const thread = await (await app.request(`/api/jobs/${budget}/ask`, { headers: ALPHA })).json();
    expect(thread.thread[0]).toMatchObject({
      question: "When do we ship?",
      error: { code: "llm_connection" },
    });
  });

  it("refuses an empty or over-long question (400) and an unknown or another token's job (404)", async () => {
    const { post, app, budget, secret } = await meetings(false);
    const empty = await post(`/api/jobs/${budget}/ask`, { question: "  " });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toMatch(/empty/);
    const long = await post(`/api/jobs/${budget}/ask`, { question: "x".repeat(2001) });
    expect((await long.json()).error.message).toMatch(/at most 2000/);
    expect((await post(`/api/jobs/${secret}/ask`, { question: "battery?" })).status).toBe(404);
    expect(
      (await post("/api/jobs/20250101-000000-aaaaaaaaaaaaaaaaaaaaaaaa/ask", { question: "battery?" })).status,
    ).toBe(404);
    expect((await app.request(`/api/jobs/${secret}/ask`, { headers: ALPHA })).status).toBe(404);
  });
});

describe("POST /api/ask", () => {
  it("answers across the caller's meetings, citing meeting and segment, never another token's", async () => {
    const { post, budget, launch, secret } = await meetings(true);
    double().setResponder(citingResponder());
    const body = (await (await post("/api/ask", { question: "What about the battery?" })).json()) as Turned;
    expect(body.turn.answer!.mode).toBe("model");
    const cited = new Set(body.turn.answer!.citations.map((c) => c.meetingId));
    expect(cited.size).toBeGreaterThan(0);
    for (const m of cited) expect([budget, launch]).toContain(m);
    expect(JSON.stringify(double().requests.at(-1)!.messages)).not.toContain("secret prototype");
    expect(body.turn.answer!.citations.some((c) => c.meetingId === secret)).toBe(false);
  });

  it("reads only the meetings named, and a meeting of another token named is 404", async () => {
    const { post, launch, secret } = await meetings(false);
    const named = (await (
      await post("/api/ask", { question: "battery", meetings: [launch] })
    ).json()) as Turned;
    expect(named.turn.answer!.mode).toBe("extract");
    expect(named.turn.answer!.extracts!.every((e) => e.meetingId === launch)).toBe(true);
    expect((await post("/api/ask", { question: "battery", meetings: [secret] })).status).toBe(404);
    expect((await post("/api/ask", { question: "" })).status).toBe(400);
  });
});
