import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { newJobId } from "../../core/jobs/job-id";
import { createJob } from "../../core/pipeline/create-job";
import { buildPlan } from "../../core/pipeline/plan";
import { prepareStep } from "../../core/pipeline/prepare-step";
import { parseTranscript } from "../../core/transcript";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import analyze from "../analyze";
import { SESSION_COOKIE } from "../shared/session";
import exportJob from "./index";

const double = useLlmDouble();
const testDeps = useTestDeps();

const TEXT =
  "Title: Launch review\nDate: 2025-10-01\n\nAlice: I'll send the budget report by Friday.\nBob: We decided to ship on Monday.\nAlice: The risk is the vendor may be late.\n";
const SELECTED = { stageA: ["say-means"], stageB: [], final: ["composite-note"] };
const SESSION_KEY = "sk-session-own-key-5d1e8b0c";

async function setup() {
  const t = await testDeps({ OPENAI_BASE_URL: double().baseURL });
  const app = exportJob(t.deps);
  const download = (jobId: string, format?: string) =>
    app.request(`/api/jobs/${jobId}/export${format === undefined ? "" : `?format=${format}`}`);
  return { ...t, app, download };
}

/** A job submitted by a session that brought its own API key, run to the end. */
async function finishedJob(t: Awaited<ReturnType<typeof setup>>) {
  const session = {
    id: "session-with-own-key-0001",
    createdAt: new Date().toISOString(),
    csrf: "csrf-token-0001",
    encryptedApiKey: t.deps.secrets.encrypt(SESSION_KEY),
  };
  await t.deps.sessions.set(session, 3600);
  const res = await analyze(t.deps).request(
    "/api/analyze",
    jsonRequest(
      "POST",
      { transcriptText: TEXT, selected: SELECTED },
      { cookie: `${SESSION_COOKIE}=${t.deps.secrets.sign(session.id)}`, "x-csrf-token": session.csrf },
    ),
  );
  expect(res.status).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  await t.idle();
  return { jobId, sealedKey: session.encryptedApiKey };
}

describe("GET /api/jobs/:jobId/export", () => {
  it.each([
    ["md", "text/markdown; charset=utf-8", "md"],
    ["json", "application/json; charset=utf-8", "json"],
    ["csv", "text/csv; charset=utf-8", "csv"],
    ["obsidian", "text/markdown; charset=utf-8", "obsidian.md"],
    ["zip", "application/zip", "zip"],
  ])("downloads format=%s as an attachment of type %s", async (format, type, ext) => {
    const t = await setup();
    const { jobId } = await finishedJob(t);
    const res = await t.download(jobId, format);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="transcript-${jobId}.${ext}"`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("gives the full analysis in each format: outputs, composite note, insights, job files", async () => {
    const t = await setup();
    const { jobId } = await finishedJob(t);
    const md = await (await t.download(jobId, "md")).text();
    expect(md).toMatch(/^# Launch review\n/);
    expect(md).toMatch(/### Stage A: Say \/ Means\n\n#### say-means\n\nAnswer from the LLM test double/);
    expect(md).not.toContain("still running");

    const note = await (await t.download(jobId, "obsidian")).text();
    expect(note).toMatch(/^---\ntitle: Launch review\ndate: 2025-10-01\n/);
    expect(note).toContain("## Composite note");
    expect(note).toContain("[[Alice]]");

    const json = JSON.parse(await (await t.download(jobId, "json")).text());
    expect(json.outputs.map((o: { id: string }) => o.id)).toEqual(["say-means", "composite-note"]);
    expect(json.status).toBe("completed");

    const csv = await (await t.download(jobId, "csv")).text();
    expect(csv.split("\r\n")[0]).toMatch(/^id,type,summary,owner,due,/);
    expect(csv).toContain("action");

    const zip = unzipSync(new Uint8Array(await (await t.download(jobId, "zip")).arrayBuffer()));
    expect(Object.keys(zip)).toEqual(
      expect.arrayContaining([
        "COMPLETED",
        "job.json",
        "stage-a/say-means.md",
        "final/composite-note.md",
        `exports/transcript-${jobId}.md`,
        `exports/transcript-${jobId}.obsidian.md`,
      ]),
    );
  });

  it("never puts the job's credentials, sealed or plain, in any export", async () => {
    const t = await setup();
    const { jobId, sealedKey } = await finishedJob(t);
    // The job does carry the key, so this test would notice an export that copied the input.
    expect(await t.deps.store.input(jobId)).toContain(sealedKey);
    const texts: string[] = [];
    for (const format of ["md", "json", "csv", "obsidian"])
      texts.push(await (await t.download(jobId, format)).text());
    const zip = unzipSync(new Uint8Array(await (await t.download(jobId, "zip")).arrayBuffer()));
    texts.push(...Object.values(zip).map((b) => strFromU8(b)));
    for (const text of texts) {
      expect(text).not.toContain(sealedKey);
      expect(text).not.toContain(SESSION_KEY);
    }
  });

  it("exports what a job still in progress has, and says so", async () => {
    const t = await setup();
    const jobId = newJobId();
    const plan = buildPlan({ transcriptText: "", selected: SELECTED }, await t.deps.prompts.list(), {
      models: t.deps.config.llm.models,
      llmEnabled: true,
    });
    await createJob({ jobId, transcript: await parseTranscript(TEXT), plan }, t.deps);
    await prepareStep({ jobId }, t.deps);
    const md = await (await t.download(jobId)).text();
    expect(md).toContain("This job is still queued: this export shows only what has finished so far.");
    expect(md).toContain("## Speakers");
    expect(md).toContain("No analyzer has finished yet.");
    const zip = unzipSync(new Uint8Array(await (await t.download(jobId, "zip")).arrayBuffer()));
    expect(Object.keys(zip)).toContain("transcript.md");
    expect(Object.keys(zip)).not.toContain("COMPLETED");
  });

  it("refuses an unknown format with a 400 that lists the formats", async () => {
    const t = await setup();
    const res = await t.download(newJobId(), "docx");
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: "invalid_request",
      message: 'Unknown export format "docx"; use one of: md, json, csv, obsidian, zip.',
    });
  });

  it("answers 404 for an unknown job and 400 for something that is not a job id", async () => {
    const t = await setup();
    const missing = await t.download(newJobId(), "md");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("job_not_found");
    const bad = await t.app.request("/api/jobs/..%2F..%2Fetc/export?format=md");
    expect(bad.status).toBe(400);
  });
});
