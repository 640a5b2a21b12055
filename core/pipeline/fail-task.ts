import { type AppError, toAppError } from "../errors";
import { isTerminalEvent } from "../jobs/events";
import {
  analyzerKey,
  INSIGHTS_REVIEW_ID,
  INSIGHTS_REVIEW_KEY,
  isFinished,
  type JobRecord,
} from "../jobs/job";
import type { QueueTask } from "../ports";
import { nowIso, type PipelineDeps } from "./deps";
import { emit } from "./emit";

/**
 * A task that failed for good (every attempt used, or nothing a retry could fix) must not leave
 * its job "running" forever: an analyzer (or the insights beside a stage) is marked `error` and
 * the job goes on; a barrier or finalize failing ends the job in `error` with the reason, and
 * subscribers hear `job.error`.
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
  // An analyzer, or the insights beside a stage: only it is marked failed, and the job goes on.
  if (task.name === "run-analyzer" || task.name === "insights") {
    const [key, stage, id] =
      task.name === "run-analyzer"
        ? [analyzerKey(task.stage, task.analyzerId), task.stage, task.analyzerId]
        : task.pass
          ? [INSIGHTS_REVIEW_KEY, "insights" as const, INSIGHTS_REVIEW_ID]
          : ["insights", "insights" as const, "insights"];
    const state = (await deps.store.analyzers(task.jobId))[key];
    // An analyzer that finished stays finished; the insights' model call may have completed while
    // its report could not be kept, and the report is what the step is for.
    const done =
      task.name === "insights" ? ["cancelled", "skipped"] : ["completed", "error", "cancelled", "skipped"];
    if (state && done.includes(state.status)) return;
    await deps.store.setAnalyzer(task.jobId, key, {
      ...state,
      id,
      name: state?.name ?? id,
      stage,
      status: "error",
      finishedAt: now,
      error: { code: error.code, message: error.message },
    });
    await emit(deps, task.jobId, "analyzer.error", { stage, analyzer: id, error: error.toJSON() });
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
