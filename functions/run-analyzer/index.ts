import { runAnalyzerStep } from "../../core/pipeline/analyzer-step";
import { expectTask, type QueueFunction } from "../shared/queue";

/** Runs one analyzer of one job. Throws RetryLater while another attempt may help. */
const runAnalyzer: QueueFunction = (event, ctx) =>
  runAnalyzerStep(expectTask(event, "run-analyzer"), ctx.deps, ctx.attempt);

export default runAnalyzer;
