import type { JobDocument } from "../jobs/job";
import type { QueueTask } from "../ports";
import { runAnalyzerStep } from "./analyzer-step";
import type { PipelineDeps } from "./deps";
import { finalizeStep } from "./finalize-step";
import { insightsStep } from "./insights-step";
import { prepareStep } from "./prepare-step";
import { closeStageStep, type StageOutcome } from "./stage-step";

/**
 * Runs a created job to the end in this process (the CLI): the same steps the queue runs, in the
 * same order: a stage's tasks (its analyzers, and the insights beside Stage A and the last stage)
 * all at once, since the model provider paces calls by the service's rate and concurrency
 * limits; then its barrier, the next stage, and finalize.
 */
export async function runPipeline(jobId: string, deps: PipelineDeps): Promise<JobDocument> {
  let next: StageOutcome["next"] = (await prepareStep({ jobId }, deps)).next;
  while (next) {
    if ("children" in next) await Promise.all(next.children.map((task) => runChild(task, deps)));
    const control = "children" in next ? next.parent : next.task;
    if (control.name !== "close-stage") break;
    next = (await closeStageStep(control, deps)).next;
  }
  return finalizeStep({ jobId }, deps);
}

async function runChild(task: QueueTask, deps: PipelineDeps): Promise<unknown> {
  if (task.name === "run-analyzer") return runAnalyzerStep(task, deps);
  if (task.name === "insights") return insightsStep(task, deps);
  throw new TypeError(`a stage runs analyzers and insights, not ${task.name}`);
}
