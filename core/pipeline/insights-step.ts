import { mergeInsights } from "../insights/merge";
import { type InsightsReport, InsightsReportSchema, type LlmInsight } from "../insights/schema";
import type { CandidateInsight } from "../insights/verify";
import { type AnalyzerState, insightsState } from "../jobs/job";
import { parseStored, RESULT_KEYS } from "../jobs/stored";
import { callEnv, inputBudget } from "./call-env";
import { buildContext } from "./context";
import { nowIso, type PipelineDeps } from "./deps";
import { emit } from "./emit";
import { insightsCsv, insightsMarkdown } from "./insights-files";
import { loadJob } from "./load-job";
import { callOnTranscript } from "./prompt-call";
import { earlierOutputs } from "./stage-step";
import { trackAnalyzer } from "./track-analyzer";

/** Share of a call the analyses may take beside the transcript, which the evidence needs whole. */
const CONTEXT_SHARE = 0.35;

/**
 * Action items, decisions, risks and open questions: the model's items (when a model is configured
 * and insights are on) checked against the transcript and merged with the heuristic ones.
 * Delivered even when the model call fails: then from the heuristics alone, and the job says so.
 */
export async function insightsStep(task: { jobId: string }, deps: PipelineDeps): Promise<InsightsReport> {
  const { jobId } = task;
  const { record, input } = await loadJob(jobId, deps);
  const heuristic: CandidateInsight[] = input.computed.insights;
  const base: AnalyzerState = insightsState();
  const stored = await deps.store.result(jobId, RESULT_KEYS.insights);
  if (stored) return parseStored(InsightsReportSchema, stored, `insights of job ${jobId}`);

  let llmItems: CandidateInsight[] = [];
  const llm = input.plan.llm.enabled && input.plan.insights.enabled ? deps.llmFor(input.credentials) : null;
  if (record.status === "cancelled") {
    await deps.store.setAnalyzer(jobId, "insights", { ...base, status: "cancelled" });
  } else if (!llm) {
    const reason = !input.plan.insights.enabled
      ? "Insight extraction by the model was not requested; items come from keyword rules."
      : (input.plan.llm.reason ?? "No model service is configured; items come from keyword rules.");
    await deps.store.setAnalyzer(jobId, "insights", { ...base, status: "skipped", reason });
  } else {
    const model = input.plan.insights.model;
    await deps.store.patch(jobId, { stage: "insights", updatedAt: nowIso(deps) });
    const itemsOf = (value: unknown, chunked: boolean) =>
      // One value per call; a chunked transcript gives one per chunk.
      ((chunked ? value : [value]) as Array<{ items: LlmInsight[] }>).flatMap((v) => v.items);
    const tracked = await trackAnalyzer(
      deps,
      jobId,
      { ...base, model },
      async () => {
        const env = callEnv(jobId, input, llm, model, deps);
        const sections = await earlierOutputs(jobId, ["final", "B", "A"], input, deps);
        const budget = Math.floor(inputBudget(model, deps.settings) * CONTEXT_SHARE);
        const context = buildContext(input.values.computed ?? "", sections, budget).text;
        return callOnTranscript(input.plan.insights.definition, input, input.values, env, {
          reduce: input.plan.reduce,
          key: RESULT_KEYS.insightsCall,
          extraBlocks: { context },
        });
      },
      { items: (r) => itemsOf(r.value, r.chunking !== undefined).length },
    );
    if (tracked.status === "completed")
      llmItems = itemsOf(tracked.result.value, tracked.result.chunking !== undefined);
  }

  const report = mergeInsights(input.transcript, { llm: llmItems, heuristic });
  await deps.store.putResultOnce(jobId, RESULT_KEYS.insights, JSON.stringify(report));
  await Promise.all([
    deps.artifacts.write(jobId, "final/insights.json", JSON.stringify(report, null, 2)),
    deps.artifacts.write(jobId, "final/insights.csv", insightsCsv(report)),
    deps.artifacts.write(jobId, "final/insights.md", insightsMarkdown(report, input.transcript.title)),
  ]);
  await emit(deps, jobId, "insights.updated", { counts: report.counts });
  return report;
}
