import { AppError } from "../errors";
import { mergeInsights } from "../insights/merge";
import { type InsightsReport, InsightsReportSchema, type LlmInsight } from "../insights/schema";
import type { CandidateInsight } from "../insights/verify";
import {
  type AnalyzerState,
  INSIGHTS_REVIEW_KEY,
  insightsReviewState,
  insightsState,
  type Stage,
} from "../jobs/job";
import { type CallOutcome, type JobInput, parseStored, RESULT_KEYS } from "../jobs/stored";
import { labelsFor } from "../language/labels";
import type { LlmProvider } from "../ports";
import { callEnv } from "./call-env";
import { buildContext, type ContextSection } from "./context";
import type { PipelineDeps } from "./deps";
import { emit } from "./emit";
import { insightsCsv, insightsMarkdown } from "./insights-files";
import { loadJob } from "./load-job";
import { callOnTranscript } from "./prompt-call";
import { modelTranscript, revealer } from "./redaction";
import { earlierOutputs, nextStage } from "./stage-step";
import { type Attempt, type Tracked, trackAnalyzer } from "./track-analyzer";

/** Share of a call the analyses may take beside the transcript, which the evidence needs whole. */
const CONTEXT_SHARE = 0.35;

/**
 * Action items, decisions, risks and open questions: the model's items checked against the
 * transcript and merged with the heuristic ones. The first pass reads the transcript and the
 * computed analyses and runs beside Stage A, so the items arrive after one call; it is delivered
 * even when the model call fails (then from the heuristics alone, and the job says so). The
 * review, beside the last stage, adds what the earlier stages' outputs point to.
 */
export async function insightsStep(
  task: { jobId: string; pass?: "review" | undefined },
  deps: PipelineDeps,
  attempt?: Attempt,
): Promise<InsightsReport> {
  return task.pass === "review"
    ? reviewInsights(task.jobId, deps, attempt)
    : firstInsights(task.jobId, deps, attempt);
}

async function firstInsights(jobId: string, deps: PipelineDeps, attempt?: Attempt): Promise<InsightsReport> {
  const { record, input } = await loadJob(jobId, deps);
  const heuristic: CandidateInsight[] = input.computed.insights;
  const base: AnalyzerState = insightsState();
  const stored = await deps.store.result(jobId, RESULT_KEYS.insights);
  if (stored) {
    // A retry after the result was stored: its files may be what failed, so they are made again
    // (unless the review's report has replaced them since).
    const report = parseStored(InsightsReportSchema, stored, `insights of job ${jobId}`);
    if (!(await deps.store.result(jobId, RESULT_KEYS.insightsReview)))
      await writeInsightsFiles(jobId, report, input, deps);
    await emit(deps, jobId, "insights.updated", { counts: report.counts });
    return report;
  }

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
    const tracked = await extract(
      jobId,
      input,
      llm,
      [],
      { ...base, key: "insights" },
      RESULT_KEYS.insightsCall,
      deps,
      attempt,
    );
    // The model cited the redacted text; with the real values back its quotes are the transcript's.
    if (tracked.status === "completed") llmItems = revealer(input, deps.vault)(itemsOf(tracked.result));
  }

  const report = mergeInsights(input.transcript, { llm: llmItems, heuristic });
  await publish(jobId, RESULT_KEYS.insights, report, input, deps);
  await emit(deps, jobId, "insights.updated", { counts: report.counts });
  return report;
}

async function reviewInsights(jobId: string, deps: PipelineDeps, attempt?: Attempt): Promise<InsightsReport> {
  const { record, input } = await loadJob(jobId, deps);
  const readStored = async (key: string) => {
    const raw = await deps.store.result(jobId, key);
    return raw ? parseStored(InsightsReportSchema, raw, `${key} of job ${jobId}`) : null;
  };
  const reviewed = await readStored(RESULT_KEYS.insightsReview);
  if (reviewed) {
    // A retry after the review was stored: its files may be what failed.
    await writeInsightsFiles(jobId, reviewed, input, deps);
    return reviewed;
  }
  const first = await readStored(RESULT_KEYS.insights);
  if (!first)
    throw new AppError("internal", `The insights review of ${jobId} found no first pass to review.`);
  const base = insightsReviewState();
  if (record.status === "cancelled") {
    await deps.store.setAnalyzer(jobId, INSIGHTS_REVIEW_KEY, { ...base, status: "cancelled" });
    return first;
  }
  const llm = deps.llmFor(input.credentials);
  if (!llm) {
    const reason = "No model service is configured for this job; the first pass's items stand.";
    await deps.store.setAnalyzer(jobId, INSIGHTS_REVIEW_KEY, { ...base, status: "skipped", reason });
    return first;
  }

  const sections = await earlierOutputs(jobId, stagesBeforeLast(input), input, deps);
  const tracked = await extract(
    jobId,
    input,
    llm,
    sections,
    { ...base, key: INSIGHTS_REVIEW_KEY },
    RESULT_KEYS.insightsReviewCall,
    deps,
    attempt,
  );
  // A failed review leaves the first pass's report standing; the analyzer's state says why.
  if (tracked.status !== "completed") return first;
  const report = mergeInsights(input.transcript, {
    checked: first.items,
    llm: revealer(input, deps.vault)(itemsOf(tracked.result)),
    heuristic: [],
  });
  await publish(jobId, RESULT_KEYS.insightsReview, report, input, deps);
  await emit(deps, jobId, "insights.updated", { pass: "review", counts: report.counts });
  return report;
}

/** One insights call on the transcript, with the computed analyses and `sections` as its context. */
function extract(
  jobId: string,
  input: JobInput,
  llm: LlmProvider,
  sections: ContextSection[],
  analyzer: AnalyzerState & { key: string },
  callKey: string,
  deps: PipelineDeps,
  attempt: Attempt | undefined,
): Promise<Tracked> {
  const model = input.plan.insights.model;
  return trackAnalyzer(
    deps,
    jobId,
    { stage: "insights", id: analyzer.id, name: analyzer.name, model, key: analyzer.key },
    async () => {
      const env = await callEnv(jobId, input, llm, model, deps);
      const budget = Math.floor(env.maxInputTokens * CONTEXT_SHARE);
      const context = buildContext(input.values.computed ?? "", sections, budget).text;
      // Kept once answered: a crash before the report is stored does not pay for the call again.
      return env.memo(callKey, () =>
        callOnTranscript(input.plan.insights.definition, modelTranscript(input), input.values, env, {
          reduce: input.plan.reduce,
          key: callKey,
          extraBlocks: { context },
        }),
      );
    },
    // Beside a stage, a failure another attempt may fix is retried by the queue, as for an analyzer.
    { items: (r) => itemsOf(r).length, ...(attempt ? { attempt } : {}) },
  );
}

/** The items of an insights call: one value per call, or one per chunk of a long transcript. */
function itemsOf(result: CallOutcome): LlmInsight[] {
  const values = (result.chunking ? result.value : [result.value]) as Array<{ items: LlmInsight[] }>;
  return values.flatMap((v) => v.items);
}

/** The stages whose outputs the review reads: those before the last stage (it runs beside that one). */
function stagesBeforeLast(input: JobInput): Stage[] {
  const order: Stage[] = ["A"];
  for (let s = nextStage(input.plan, "A"); s && nextStage(input.plan, s); s = nextStage(input.plan, s))
    order.push(s);
  return order.reverse();
}

/** Stores a report once and writes it as the job's insights files (the review's replaces the first's). */
async function publish(
  jobId: string,
  key: string,
  report: InsightsReport,
  input: JobInput,
  deps: PipelineDeps,
): Promise<void> {
  await deps.store.putResultOnce(jobId, key, JSON.stringify(report));
  await writeInsightsFiles(jobId, report, input, deps);
}

/** `final/insights.{json,csv,md}`, derived from the report alone, so writing them again is harmless. */
async function writeInsightsFiles(
  jobId: string,
  report: InsightsReport,
  input: JobInput,
  deps: Pick<PipelineDeps, "artifacts">,
): Promise<void> {
  await Promise.all([
    deps.artifacts.write(jobId, "final/insights.json", JSON.stringify(report, null, 2)),
    deps.artifacts.write(jobId, "final/insights.csv", insightsCsv(report)),
    deps.artifacts.write(
      jobId,
      "final/insights.md",
      insightsMarkdown(report, input.transcript.title, labelsFor(input.plan.language?.tag)),
    ),
  ]);
}
