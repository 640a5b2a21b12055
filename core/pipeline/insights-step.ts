import { toAppError } from "../errors";
import { mergeInsights } from "../insights/merge";
import type { InsightsReport, LlmInsight } from "../insights/schema";
import type { CandidateInsight } from "../insights/verify";
import type { AnalyzerState } from "../jobs/job";
import { buildContext } from "./context";
import { callEnv, emit, inputBudget, loadJob, nowIso, type PipelineDeps } from "./deps";
import { insightsCsv, insightsMarkdown } from "./insights-files";
import { callOnTranscript } from "./prompt-call";
import { earlierOutputs } from "./stage-step";
import { shownCost } from "./usage";

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
  const base: AnalyzerState = { id: "insights", name: "Insights", stage: "insights", status: "pending" };
  const stored = await deps.store.result(jobId, "insights");
  if (stored) return JSON.parse(stored) as InsightsReport;

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
    const startedAt = nowIso(deps);
    await deps.store.setAnalyzer(jobId, "insights", { ...base, status: "running", model, startedAt });
    await deps.store.patch(jobId, { stage: "insights", updatedAt: startedAt });
    await emit(deps, jobId, "analyzer.started", { stage: "insights", analyzer: "insights", model });
    const started = Date.now();
    try {
      const env = callEnv(jobId, input, llm, model, deps);
      const sections = await earlierOutputs(jobId, ["final", "B", "A"], input, deps);
      const budget = Math.floor(inputBudget(model, deps.settings) * CONTEXT_SHARE);
      const context = buildContext(input.values.computed ?? "", sections, budget).text;
      const outcome = await callOnTranscript(input.plan.insights.definition, input, input.values, env, {
        reduce: input.plan.reduce,
        key: "support.insights",
        extraBlocks: { context },
      });
      // One value per call; a chunked transcript gives one per chunk.
      const values = (outcome.chunking ? outcome.value : [outcome.value]) as Array<{ items: LlmInsight[] }>;
      llmItems = values.flatMap((v) => v.items);
      const durationMs = Date.now() - started;
      await deps.store.setAnalyzer(jobId, "insights", {
        ...base,
        status: "completed",
        model: outcome.model,
        startedAt,
        finishedAt: nowIso(deps),
        durationMs,
        usage: outcome.spend.usage,
        costUsd: shownCost(outcome.spend),
        calls: outcome.spend.calls,
        ...(outcome.chunking ? { chunking: outcome.chunking } : {}),
      });
      await emit(deps, jobId, "analyzer.completed", {
        stage: "insights",
        analyzer: "insights",
        model: outcome.model,
        durationMs,
        usage: outcome.spend.usage,
        costUsd: shownCost(outcome.spend),
        items: llmItems.length,
      });
    } catch (e) {
      const error = toAppError(e);
      await deps.store.setAnalyzer(jobId, "insights", {
        ...base,
        status: "error",
        model,
        startedAt,
        finishedAt: nowIso(deps),
        durationMs: Date.now() - started,
        error: { code: error.code, message: error.message },
      });
      await emit(deps, jobId, "analyzer.error", {
        stage: "insights",
        analyzer: "insights",
        error: error.toJSON(),
      });
    }
  }

  const report = mergeInsights(input.transcript, { llm: llmItems, heuristic });
  await deps.store.putResultOnce(jobId, "insights", JSON.stringify(report));
  await Promise.all([
    deps.artifacts.write(jobId, "final/insights.json", JSON.stringify(report, null, 2)),
    deps.artifacts.write(jobId, "final/insights.csv", insightsCsv(report)),
    deps.artifacts.write(jobId, "final/insights.md", insightsMarkdown(report, input.transcript.title)),
  ]);
  await emit(deps, jobId, "insights.updated", { counts: report.counts });
  return report;
}
