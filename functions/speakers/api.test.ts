import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { ALPHA, BETA, BUDGET_MEETING, submitMeeting, TWO_TOKENS } from "../../test/helpers/meetings";
import exportJob from "../export";
import search from "../search";
import speakers from "./index";

const testDeps = useTestDeps();

async function meeting() {
  const t = await testDeps(TWO_TOKENS);
  const jobId = await submitMeeting(t.deps, BUDGET_MEETING, ALPHA);
  await t.idle();
  const app = speakers(t.deps);
  const put = (renames: unknown, headers: Record<string, string> = ALPHA, id = jobId) =>
    app.request(`/api/jobs/${id}/speakers`, jsonRequest("PUT", { renames }, headers));
  return { ...t, jobId, put };
}

describe("PUT /api/jobs/:jobId/speakers", () => {
  it("renames and merges speakers; exports, computed analyses and search use the names at once", async () => {
    const { deps, jobId, put } = await meeting();
    const res = await put({ Alice: "Alicia Keys", Carol: "Bob" });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, speakers: ["Alicia Keys", "Bob"], merged: [{ name: "Bob" }] });

    const exported = await exportJob(deps).request(`/api/jobs/${jobId}/export?format=json`, {
      headers: ALPHA,
    });
    const text = await exported.text();
    expect(text).toContain("Alicia Keys");
    expect(text).not.toContain('"Carol"');
    const md = await (
      await exportJob(deps).request(`/api/jobs/${jobId}/export?format=md`, { headers: ALPHA })
    ).text();
    expect(md).toContain("Alicia Keys");

    const found = await (
      await search(deps).request("/api/search?q=rubber&speaker=Bob", { headers: ALPHA })
    ).json();
    expect(found.hits.map((h: { meetingId: string }) => h.meetingId)).toContain(jobId);
    const old = await (
      await search(deps).request("/api/search?q=rubber&speaker=Carol", { headers: ALPHA })
    ).json();
    expect(old.hits).toEqual([]);
  });

  it("checks the names: empty, control characters, unknown speakers and names that differ only in case", async () => {
    const { put } = await meeting();
    for (const renames of [{ Alice: "  " }, { Alice: "Al\u0007ice" }, { Zed: "Z" }, { Alice: "bob" }]) {
      const res = await put(renames);
      expect(res.status, JSON.stringify(renames)).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_request");
    }
  });

  it("answers 404 to another token's caller", async () => {
    const { put } = await meeting();
    expect((await put({ Alice: "Eve" }, BETA)).status).toBe(404);
  });
});
