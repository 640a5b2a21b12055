import { AppError } from "../errors";
import { type AnalyzerState, analyzerFile, analyzerKey, type Stage } from "../jobs/job";
import type { PlannedAnalyzer } from "../jobs/job-plan";
import {
  type AnalyzerResult,
  AnalyzerResultSchema,
  type CallOutcome,
  type JobInput,
  parseStored,
  RESULT_KEYS,
  StageInputSchema,
} from "../jobs/stored";
import type { LlmProvider } from "../ports";
import { callEnv } from "./call-env";
import { nowIso, type PipelineDeps } from "./deps";
import { loadJob } from "./load-job";
import { callOnTranscript, callPrompt } from "./prompt-call";
import { modelTranscript, revealer } from "./redaction";
import { type Attempt, completeAnalyzer, RetryLater, trackAnalyzer } from "./track-analyzer";

export type { AnalyzerResult };
export { type Attempt, RetryLater };

/**
 * Runs one analyzer of one job: the unit of work a queue retries. Idempotent: a result already
 * stored is not computed again. A failure that another attempt may fix is thrown as RetryLater
 * while attempts remain; any other failure is recorded on the analyzer and the job goes on.
 */
export async function runAnalyzerStep(
  task: { jobId: string; stage: Stage; analyzerId: string },
  deps: PipelineDeps,
  attempt: Attempt = { number: 1, max: 1 },
): Promise<AnalyzerState> {
  const { jobId, stage, analyzerId } = task;
  const { record, input } = await loadJob(jobId, deps);
  const planned = input.plan.stages[stage].find((a) => a.id === analyzerId);
  if (!planned)
    throw new AppError("internal", `Analyzer ${stage}.${analyzerId} is not in the plan of ${jobId}.`);
  const key = analyzerKey(stage, analyzerId);
  const base: AnalyzerState = {
    id: analyzerId,
    name: planned.name,
    stage,
    status: "pending",
    model: planned.model,
  };

  const stored = await deps.store.result(jobId, key);
  if (stored) {
    return recoverFinished(
      jobId,
      key,
      base,
      parseStored(AnalyzerResultSchema, stored, `result ${key}`),
      deps,
    );
  }
  if (record.status === "cancelled") {
    const state = { ...base, status: "cancelled" as const };
    await deps.store.setAnalyzer(jobId, key, state);
    return state;
  }
  const llm = input.plan.llm.enabled ? deps.llmFor(input.credentials) : null;
  if (!llm) {
    const reason = input.plan.llm.reason ?? "No model service is configured.";
    const state = { ...base, status: "skipped" as const, reason };
    await deps.store.setAnalyzer(jobId, key, state);
    return state;
  }

  if (record.status === "queued") {
    const startedAt = nowIso(deps);
    await deps.store.patch(
      jobId,
      { status: "running", startedAt, updatedAt: startedAt },
      { ifStatus: "queued" },
    );
  }
  const tracked = await trackAnalyzer(deps, jobId, planned, () => runOne(jobId, planned, input, llm, deps), {
    attempt,
    artifact: analyzerFile(stage, analyzerId),
    reveal: revealer(input, deps.vault),
    // Another worker may have finished the same task first: its result stands.
    keep: async (result) => {
      if (await deps.store.putResultOnce(jobId, key, JSON.stringify(result))) return result;
      return parseStored(AnalyzerResultSchema, (await deps.store.result(jobId, key))!, `result ${key}`);
    },
  });
  return tracked.state;
}

/** A result was stored but the step stopped before recording it (a crash): finish the bookkeeping. */
async function recoverFinished(
  jobId: string,
  key: string,
  base: AnalyzerState,
  result: AnalyzerResult,
  deps: PipelineDeps,
): Promise<AnalyzerState> {
  const current = (await deps.store.analyzers(jobId))[key];
  if (current?.status === "completed") return current;
  return completeAnalyzer(deps, jobId, { ...base, key }, result, {
    announce: true,
    artifact: analyzerFile(base.stage as Stage, base.id),
    reveal: revealer((await loadJob(jobId, deps)).input, deps.vault),
    recovered: true,
  });
}

async function runOne(
  jobId: string,
  planned: PlannedAnalyzer,
  input: JobInput,
  llm: LlmProvider,
  deps: PipelineDeps,
): Promise<CallOutcome> {
  const env = await callEnv(jobId, input, llm, planned.model, deps);
  if (planned.stage === "A") {
    return callOnTranscript(planned.definition, modelTranscript(input), input.values, env, {
      reduce: input.plan.reduce,
      key: analyzerKey(planned.stage, planned.id),
    });
  }
  const key = RESULT_KEYS.stageInput(planned.stage);
  const raw = await deps.store.result(jobId, key);
  if (!raw) throw new AppError("internal", `The ${planned.stage} context of ${jobId} is missing.`);
  const { context, transcript } = parseStored(StageInputSchema, raw, `${key} of job ${jobId}`);
  return callPrompt(
    planned.definition,
    { blocks: transcript ? { context, transcript } : { context }, values: input.values },
    env,
  );
}
