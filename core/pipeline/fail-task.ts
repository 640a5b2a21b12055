import { type AppError, toAppError } from "../errors";
import { analyzerKey, isFinished } from "../jobs/job";
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
  if (!record || isFinished(record.status)) return;
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
