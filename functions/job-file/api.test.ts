import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import analyze from "../analyze";
import jobFile from "./index";
import { contentTypeOf } from "./model";

const testDeps = useTestDeps();

/** A finished job (computed analyses only, no model) and the job-file function. */
async function setup() {
  const t = await testDeps();
  const res = await analyze(t.deps).request(
    "/api/analyze",
    jsonRequest("POST", {
      transcriptText: "Title: Sync\n\nAlice: I'll send the report by Friday.\nBob: Fine.\n",
    }),
  );
  const { jobId } = (await res.json()) as { jobId: string };
  await t.idle();
  const app = jobFile(t.deps);
  const get = (query: string) => app.request(`/api/job-file?${query}`);
  return { ...t, jobId, app, get };
}

describe("GET /api/job-file", () => {
  it.each([
    ["final/insights.md", "text/markdown; charset=utf-8", "insights.md"],
    ["final/insights.json", "application/json; charset=utf-8", "insights.json"],
    ["final/insights.csv", "text/csv; charset=utf-8", "insights.csv"],
    ["COMPLETED", "text/plain; charset=utf-8", "COMPLETED"],
  ])("serves %s inline as %s, unsniffed", async (file, type, name) => {
    const { get, jobId, outputDir } = await setup();
    const res = await get(`jobId=${jobId}&path=${encodeURIComponent(file)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toBe(`inline; filename="${name}"`);
    expect(await res.text()).toBe(await readFile(path.join(outputDir, "jobs", jobId, file), "utf8"));
  });

  it("serves the job's files from the store, not whatever lies in its folder", async () => {
    const { get, jobId, deps, outputDir } = await setup();
    await deps.artifacts.write(jobId, "support/page.html", "<script>alert(1)</script>");
    expect((await get(`jobId=${jobId}&path=support/page.html`)).status).toBe(404);
    // With the folder gone (another replica's disk, or cleaned up), every file is still served.
    await rm(path.join(outputDir, "jobs", jobId), { recursive: true, force: true });
    const res = await get(`jobId=${jobId}&path=final/insights.md`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^# /);
  });

  it("names a file of unknown kind as bytes, never as something a browser would render", () => {
    expect(contentTypeOf("support/page.html")).toBe("application/octet-stream");
    expect(contentTypeOf("support/x.svg")).toBe("application/octet-stream");
  });

  it("answers 404 not_found for a missing file and for a job that does not exist", async () => {
    const { get, jobId } = await setup();
    const file = await get(`jobId=${jobId}&path=final/nothing.md`);
    expect(file.status).toBe(404);
    expect((await file.json()).error).toEqual({
      code: "not_found",
      message: `Job ${jobId} has no file final/nothing.md.`,
    });
    const job = await get("jobId=20200101-000000-zzzzzzzz&path=job.json");
    expect(job.status).toBe(404);
    expect((await job.json()).error.code).toBe("not_found");
  });

  it.each([
    ["", /is not a job id/],
    ["..%2F..%2Fetc", /is not a job id/],
    ["20251001-123456-ABCDEFGH", /is not a job id/],
  ])("refuses jobId=%j with a 400", async (id, message) => {
    const { get } = await setup();
    const res = await get(`jobId=${id}&path=job.json`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
  });

  const HOSTILE: Array<[string, string, RegExp]> = [
    ["dot-dot", "../../etc/passwd", /'\.\.'/],
    ["dot-dot inside", "stage-a/../../../etc/passwd", /'\.\.'/],
    ["encoded dot-dot", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", /'\.\.'/],
    ["double-encoded dot-dot", "%252e%252e%252fetc%252fpasswd", /letters, digits/],
    ["overlong UTF-8 dots", "%c0%ae%c0%ae%2fetc%2fpasswd", /letters, digits/],
    ["absolute", "/etc/passwd", /not start with '\/'/],
    ["UNC", "//server/share/x", /not start with '\/'/],
    ["backslashes", "..\\..\\windows\\win.ini", /'\/', not '\\'/],
    ["drive letter", "C:\\windows\\win.ini", /'\/', not '\\'/],
    ["NUL", "final/insights.md%00.png", /control character/],
    ["CR LF", "job.json%0d%0aX-Injected:%20yes", /control character/],
    ["very long", "a".repeat(201), /longer than 200/],
    ["very long nested", `${"a/".repeat(120)}b`, /longer than 200/],
    ["unicode one-dot leaders", "%E2%80%A4%E2%80%A4/etc/passwd", /letters, digits/],
    ["fullwidth dots and slash", "%EF%BC%8E%EF%BC%8E%EF%BC%8Fetc", /letters, digits/],
    ["empty", "", /is required/],
    ["dot", ".", /'\.'/],
    ["dot segment", "final/./insights.md", /'\.'/],
    ["hidden file", ".env", /start with '\.'/],
    ["empty segment", "final//insights.md", /single '\/'/],
    ["trailing slash", "final/", /single '\/'/],
    ["home", "~/.ssh/id_rsa", /'\.'|letters, digits/],
    ["URL scheme", "file:///etc/passwd", /letters, digits/],
    ["space", "final/insights .md", /letters, digits/],
  ];

  it.each(HOSTILE)("refuses a hostile path (%s) with a 400 that says why", async (_name, raw, message) => {
    const { get, jobId } = await setup();
    const res = await get(`jobId=${jobId}&path=${raw}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    expect(body.error.message).toMatch(/^path /);
    expect(body.error.message).toMatch(message);
  });

  it("refuses a request without a path, and names inside the folder that are not its files", async () => {
    const { get, jobId } = await setup();
    expect((await get(`jobId=${jobId}`)).status).toBe(400);
    for (const p of ["etc/passwd", "proc/self/environ", "stage-a"]) {
      const res = await get(`jobId=${jobId}&path=${p}`);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("not_found");
    }
  });

  it("does not follow a link in the job's folder to a file outside it", async () => {
    const { get, jobId, outputDir } = await setup();
    const secret = path.join(outputDir, "secret.txt");
    await writeFile(secret, "TOP-SECRET-CONTENT");
    await symlink(secret, path.join(outputDir, "jobs", jobId, "leak.md"));
    await mkdir(path.join(outputDir, "outside"));
    await writeFile(path.join(outputDir, "outside", "x.md"), "TOP-SECRET-CONTENT");
    await symlink(path.join(outputDir, "outside"), path.join(outputDir, "jobs", jobId, "linked"));
    for (const p of ["leak.md", "linked/x.md"]) {
      const res = await get(`jobId=${jobId}&path=${p}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("TOP-SECRET");
    }
  });

  it("keeps serving after a run of hostile requests", async () => {
    const { get, jobId } = await setup();
    const answers = await Promise.all(HOSTILE.map(([, raw]) => get(`jobId=${jobId}&path=${raw}`)));
    expect(answers.every((r) => r.status === 400)).toBe(true);
    const res = await get(`jobId=${jobId}&path=job.json`);
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toMatchObject({ jobId, status: "completed" });
  });
});
