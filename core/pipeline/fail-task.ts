import { type AppError, toAppError } from "../errors";
import { isTerminalEvent } from "../jobs/events";
import { analyzerKey, isFinished, type JobRecord } from "../jobs/job";
import type { QueueTask } from "../ports";
import { nowIso, type PipelineDeps } from "./deps";
import { emit } from "./emit";

/**
 * A task that failed for good (every attempt used, or nothing a retry could fix) must not leave
 * its job "running" forever: an analyzer is marked `error`; a barrier, insights or finalize
 * failing ends the job in `error` with the reason, and subscribers hear `job.error`.
 */
export async function failTask(task: QueueTask, cause: unknown, deps: PipelineDeps): Promise<void> {
  const error: AppError = toAppError(cause);
  const record = await deps.store.record(task.jobId);
  if (!record) return;
  if (isFinished(record.status)) {
    if (task.name === "finalize") await announceEnd(task.jobId, record, deps);
    return;
  }
  const now = nowIso(deps);
  if (task.name === "run-analyzer") {
    const key = analyzerKey(task.stage, task.analyzerId);
    const state = (await deps.store.analyzers(task.jobId))[key];
    if (state && (isFinished(state.status) || state.status === "skipped")) return;
    await deps.store.setAnalyzer(task.jobId, key, {
      id: task.analyzerId,
      name: state?.name ?? task.analyzerId,
      stage: task.stage,
      status: "error",
      finishedAt: now,
      error: { code: error.code, message: error.message },
    });
    await emit(deps, task.jobId, "analyzer.error", {
      stage: task.stage,
      analyzer: task.analyzerId,
      error: error.toJSON(),
    });
    return;
  }
  const info = { code: error.code, message: `The ${task.name} step failed: ${error.message}` };
  await deps.store.patch(task.jobId, {
    status: "error",
    finishedAt: now,
    updatedAt: now,
    error: info,
    errors: [...record.errors, info],
  });
  const doc = await deps.store.get(task.jobId);
  if (doc) await deps.artifacts.write(task.jobId, "job.json", JSON.stringify(doc, null, 2)).catch(() => {});
  await emit(deps, task.jobId, "job.error", { status: "error", error: info });
}

/**
 * Finalize stored the final status but failed before its event went out: subscribers still
 * wait for one, so it is sent here (once; a job that announced its end already is left alone).
 */
async function announceEnd(jobId: string, record: JobRecord, deps: PipelineDeps): Promise<void> {
  const events = await deps.events.history(jobId);
  if (events.some((e) => isTerminalEvent(e.type))) return;
  const data = { totals: record.totals, errors: record.errors.length };
  if (record.status === "error")
    await emit(deps, jobId, "job.error", {
      status: "error",
      ...data,
      error: record.error ?? { code: "internal", message: "The job failed." },
    });
  else if (record.status === "cancelled")
    await emit(deps, jobId, "job.cancelled", { status: "cancelled", ...data });
  else await emit(deps, jobId, "job.completed", { status: "completed", ...data });
}
