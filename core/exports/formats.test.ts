import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTestDatabase } from "../../test/helpers/databases";
import { createPipelineHarness } from "../../test/helpers/pipeline-harness";
import { newJobId } from "../jobs/job-id";
import { createJob } from "../pipeline/create-job";
import { buildPlan } from "../pipeline/plan";
import { runPipeline } from "../pipeline/run-pipeline";
import { parseTranscript } from "../transcript";
import { buildExport, EXPORT_FORMATS } from "./formats";

const TEXT =
  "Title: Weekly sync\n\nAlice: I'll send the report by Friday.\nBob: We decided to ship on Monday.\n";
const SECRET = "sealed-session-key-91c2e7";

const closers: Array<() => Promise<void>> = [];
afterAll(() => Promise.all(closers.map((c) => c())));

/** An offline job (no model configured) that carries a session's sealed key, run to the end. */
async function finishedJob() {
  const h = await createPipelineHarness();
  closers.push(h.close);
  const jobId = newJobId();
  const plan = buildPlan({ transcriptText: "" }, await h.registry.list(), {
    models: h.config.llm.models,
    llmEnabled: false,
  });
  await createJob({ jobId, transcript: await parseTranscript(TEXT), plan, credentials: SECRET }, h.deps);
  await runPipeline(jobId, h.deps, { concurrency: 2 });
  return { jobId, deps: h.deps };
}

// Opening the process's database takes a while: in a hook, not in the first test's time.
beforeAll(async () => {
  await sharedTestDatabase();
});
describe("buildExport", () => {
  it("names each download transcript-<jobId>.<ext>, with its content type, and never includes credentials", async () => {
    const { jobId, deps } = await finishedJob();
    const got = Object.fromEntries(
      await Promise.all(EXPORT_FORMATS.map(async (f) => [f, await buildExport(jobId, f, deps)] as const)),
    );
    expect(Object.values(got).map((e) => [e.fileName, e.contentType])).toEqual([
      [`transcript-${jobId}.md`, "text/markdown; charset=utf-8"],
      [`transcript-${jobId}.json`, "application/json; charset=utf-8"],
      [`transcript-${jobId}.csv`, "text/csv; charset=utf-8"],
      [`transcript-${jobId}.obsidian.md`, "text/markdown; charset=utf-8"],
      [`transcript-${jobId}.zip`, "application/zip"],
    ]);
    const zipped = unzipSync(got.zip!.body as Uint8Array);
    const texts = [
      ...["md", "json", "csv", "obsidian"].map((f) => got[f]!.body as string),
      ...Object.values(zipped).map((bytes) => strFromU8(bytes)),
    ];
    for (const text of texts) expect(text).not.toContain(SECRET);
  });

  it("zips every file of the job folder with the four exports under exports/", async () => {
    const { jobId, deps } = await finishedJob();
    const zip = await buildExport(jobId, "zip", deps);
    const names = Object.keys(unzipSync(zip.body as Uint8Array));
    const jobFiles = await deps.artifacts.list(jobId);
    expect(jobFiles).toEqual(
      expect.arrayContaining(["COMPLETED", "job.json", "transcript.md", "final/insights.csv"]),
    );
    expect(names).toEqual(
      [
        ...jobFiles,
        `exports/transcript-${jobId}.csv`,
        `exports/transcript-${jobId}.json`,
        `exports/transcript-${jobId}.md`,
        `exports/transcript-${jobId}.obsidian.md`,
      ].sort(),
    );
    const md = strFromU8(unzipSync(zip.body as Uint8Array)[`exports/transcript-${jobId}.md`]!);
    expect(md).toMatch(/^# Weekly sync\n/);
  });
});
