import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as v from "valibot";
import { newJobId } from "../../core/jobs/job-id";
import { createJob } from "../../core/pipeline/create-job";
import type { PipelineDeps } from "../../core/pipeline/deps";
import { buildPlan } from "../../core/pipeline/plan";
import { type AnalyzeRequest, AnalyzeRequestSchema } from "../../core/pipeline/request";
import { runPipeline } from "../../core/pipeline/run-pipeline";
import { createPromptRegistry } from "../../core/prompts/registry";
import { parseTranscript } from "../../core/transcript";
import type { Transcript } from "../../core/transcript/model";
import { createFsPromptSource } from "../../infra/adapters/fs-prompts";
import { loadConfig, packageRoot } from "../../infra/config";
import { createRuntime } from "../../infra/runtime";
import { resetTestDatabase, sharedTestDatabase } from "./databases";

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };

export const ROOT = packageRoot(path.dirname(new URL(import.meta.url).pathname));
export const FIXTURES = path.join(ROOT, "test", "fixtures", "meetings");

export async function fixtureTranscript(name: string): Promise<Transcript> {
  return parseTranscript(await readFile(path.join(FIXTURES, name)), { fileName: name });
}

/**
 * The in-process pipeline wired as the CLI wires it (this test process's PGlite database, emptied
 * first; memory events; files in a temp folder; the real openai SDK against `baseURL`), with fast retries.
 */
export async function createPipelineHarness(env: Record<string, string | undefined> = {}) {
  const outputDir = await mkdtemp(path.join(os.tmpdir(), "pipeline-"));
  // The double stands in for a hosted service by default: no count limit on calls at once.
  const config = loadConfig(
    { OPENAI_MAX_ATTEMPTS: "2", LLM_SERVER_KIND: "hosted", ...env, OUTPUT_DIR: outputDir },
    ROOT,
  );
  const sql = await sharedTestDatabase();
  await resetTestDatabase(sql);
  const runtime = await createRuntime(config, "cli", {
    log: SILENT,
    llmBackoff: { baseDelayMs: 5, maxDelayMs: 20 },
    sql,
  });
  const registry = createPromptRegistry({
    builtins: createFsPromptSource(path.join(ROOT, "prompts")),
    store: runtime.state.prompts,
  });
  const deps: PipelineDeps = runtime.pipeline;
  const { events } = deps;

  return {
    deps,
    /** Edits of stored meetings (speaker renames), as the HTTP functions get them. */
    meetings: runtime.state.meetings,
    config,
    registry,
    outputDir,
    async run(transcript: Transcript, request: Partial<AnalyzeRequest> = {}) {
      const plan = buildPlan(
        v.parse(AnalyzeRequestSchema, { transcriptText: "", ...request }),
        await registry.list(),
        { models: config.llm.models, llmEnabled: config.llm.configured, redact: config.redactDefault },
        transcript,
      );
      const jobId = newJobId();
      // Timed from job creation (computed analyses included) to the end, without the prompt listing.
      const started = performance.now();
      await createJob({ jobId, transcript, plan }, deps);
      const doc = await runPipeline(jobId, deps);
      const wallMs = performance.now() - started;
      return { jobId, doc, plan, wallMs, events: await events.history(jobId) };
    },
    async file(jobId: string, relative: string) {
      return readFile(path.join(outputDir, "jobs", jobId, relative), "utf8");
    },
    async close() {
      await runtime.close();
      await rm(outputDir, { recursive: true, force: true });
    },
  };
}
