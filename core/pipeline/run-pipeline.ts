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
 * same order: a stage's analyzers in parallel (at most `concurrency` at once), its barrier, the
 * next stage, then insights and finalize.
 */
export async function runPipeline(
  jobId: string,
  deps: PipelineDeps,
  options: { concurrency: number },
): Promise<JobDocument> {
  let next: StageOutcome["next"] = (await prepareStep({ jobId }, deps)).next;
  while (next) {
    if ("children" in next) {
      await mapLimit(next.children, options.concurrency, (task) => runAnalyzerStep(analyzerTask(task), deps));
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

/** Runs `fn` over `items` with at most `limit` at once; resolves when all have settled. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
