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
 * same order: a stage's tasks all at once (the model provider paces its calls by the service's
 * rate and concurrency limits), its barrier, the next stage, then finalize.
 */
export async function runPipeline(jobId: string, deps: PipelineDeps): Promise<JobDocument> {
  let next: StageOutcome["next"] = (await prepareStep({ jobId }, deps)).next;
  while (next) {
    if ("children" in next) {
      await Promise.all(next.children.map((task) => runAnalyzerStep(analyzerTask(task), deps)));
      next = (await closeStageStep(stageTask(next.parent), deps)).next;
    } else {
      await insightsStep({ jobId }, deps);
      next = null;
    }
  }
  return finalizeStep({ jobId }, deps);
}

const analyzerTask = (t: QueueTask) => {
  if (t.name !== "run-analyzer") throw new TypeError(`expected an analyzer task, got ${t.name}`);
  return t;
};
const stageTask = (t: QueueTask) => {
  if (t.name !== "close-stage") throw new TypeError(`expected a stage barrier, got ${t.name}`);
  return t;
};
