import { describe, expect, it } from "vitest";
import type { SearchPage } from "../../core/search/model";
import { useTestDeps } from "../../test/helpers/function-deps";
import {
  ALPHA,
  BETA,
  BUDGET_MEETING,
  LAUNCH_MEETING,
  SECRET_MEETING,
  submitMeeting,
  TWO_TOKENS,
} from "../../test/helpers/meetings";
import search from "./index";

type Answer = SearchPage & { ok: boolean; error: { code: string; message: string } };

const testDeps = useTestDeps();

async function library(env: Record<string, string> = TWO_TOKENS) {
  const t = await testDeps(env);
  const auth = env.API_TOKENS ? ALPHA : {};
  const budget = await submitMeeting(t.deps, BUDGET_MEETING, auth);
  const launch = await submitMeeting(t.deps, LAUNCH_MEETING, auth);
  const secret = await submitMeeting(t.deps, SECRET_MEETING, env.API_TOKENS ? BETA : {});
  await t.idle();
  const app = search(t.deps);
  const get = async (query: string, headers: Record<string, string> = auth) => {
    const res = await app.request(`/api/search?${query}`, { headers });
    return { status: res.status, body: (await res.json()) as Answer };
  };
  return { ...t, budget, launch, secret, get };
}

describe("GET /api/search", () => {
  it("finds the caller's meetings once their jobs are prepared: title, date, speaker, time, segment ids, highlights", async () => {
    const { get, budget, launch } = await library();
    const { status, body } = await get("q=batteries");
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(new Set(body.hits.map((h) => h.meetingId))).toEqual(new Set([budget, launch]));
    const top = body.hits.find((h) => h.meetingId === budget)!;
    expect(top).toMatchObject({ meetingTitle: "Budget review", meetingDate: "2024-03-04" });
    expect(top.segmentIds).toContain(top.segmentId);
    expect(top.speaker).toEqual(expect.any(String));
    const marked = top.segments.flatMap((s) => s.parts.filter((p) => p.match).map((p) => p.text));
    expect(marked.map((w: string) => w.toLowerCase())).toContain("battery");
  });

  it("never shows another token's meetings, and a named one is unknown (404)", async () => {
    const { get, secret } = await library();
    const { body } = await get("q=secret%20prototype%20explodes");
    expect(body.hits.every((h) => h.meetingId !== secret)).toBe(true);
    expect((await get(`q=battery&meeting=${secret}`)).status).toBe(404);
    const theirs = await get("q=battery", BETA);
    expect(theirs.body.hits.length).toBeGreaterThan(0);
    expect(theirs.body.hits.every((h) => h.meetingId === secret)).toBe(true);
  });

  it("filters by speaker, date and meeting, and pages", async () => {
    const { get, budget, launch } = await library();
    expect((await get("q=battery&speaker=Dana")).body.hits.map((h) => h.meetingId)).toEqual([launch]);
    expect(new Set((await get("q=battery&from=2024-04-01")).body.hits.map((h) => h.meetingId))).toEqual(
      new Set([launch]),
    );
    expect(new Set((await get(`q=battery&meeting=${budget}`)).body.hits.map((h) => h.meetingId))).toEqual(
      new Set([budget]),
    );
    const first = await get("q=battery%20voice&pageSize=1");
    expect(first.body).toMatchObject({ page: 1, pageSize: 1, hasMore: true });
    const second = await get("q=battery%20voice&pageSize=1&page=2");
    expect(second.body.hits[0]!.segmentIds).not.toEqual(first.body.hits[0]!.segmentIds);
  });

  it("refuses an empty query, a bad date or page size with a 400 that says why", async () => {
    const { get } = await library();
    expect((await get("q=%20")).body.error).toMatchObject({
      code: "invalid_request",
      message: /Type something/,
    });
    expect((await get("q=x&from=May")).status).toBe(400);
    expect((await get("q=x&pageSize=500")).body.error.message).toMatch(/pageSize/);
  });

  it("in open mode searches every meeting, as the history lists every job", async () => {
    const { get, secret } = await library({});
    expect((await get("q=prototype")).body.hits.map((h) => h.meetingId)).toContain(secret);
  });
});
