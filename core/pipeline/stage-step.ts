import { toAppError } from "../errors";
import {
  type AnalyzerState,
  analyzerKey,
  isFinished,
  type Stage,
  TRANSCRIPT_SUMMARY_FILE,
} from "../jobs/job";
import { AnalyzerResultSchema, type JobInput, parseStored, RESULT_KEYS } from "../jobs/stored";
import { countTokens, estimateMessageTokens } from "../llm/tokens";
import type { QueueTask } from "../ports";
import { budgetFor, callEnv } from "./call-env";
import { buildContext, type ContextSection } from "./context";
import { nowIso, type PipelineDeps } from "./deps";
import { emit } from "./emit";
import { loadJob } from "./load-job";
import { callOnTranscript, overheadTokens } from "./prompt-call";
import { modelTranscript, revealer } from "./redaction";
import { trackAnalyzer } from "./track-analyzer";

const NEXT: Record<Stage, Exclude<Stage, "A"> | null> = { A: "B", B: "final", final: null };
/** A transcript sent in full may take at most this share of a call; beyond it, it is summarized. */
const TRANSCRIPT_SHARE = 0.6;

export interface StageOutcome {
  /** The tasks to run next: a stage's analyzers (and insights) with its barrier, or finalize. */
  next: { parent: QueueTask; children: QueueTask[] } | { task: QueueTask } | null;
}

/**
 * The barrier after a stage: reports it, prepares the next stage's input (context from the
 * earlier outputs, plus the transcript in full or summarized) and says what runs next: the next
 * stage, with the insights review beside the last one, or finalize.
 * Safe to run twice: stored inputs are written once.
 */
export async function closeStageStep(
  task: { jobId: string; stage: Stage },
  deps: PipelineDeps,
): Promise<StageOutcome> {
  const { jobId, stage } = task;
  const { record, input } = await loadJob(jobId, deps);
  // A step beside this stage failed for good and ended the job, which has said so last: nothing more runs.
  if (record.status === "error") return { next: null };
  const states = await deps.store.analyzers(jobId);
  const mine = input.plan.stages[stage]
    .map((a) => states[analyzerKey(stage, a.id)])
    .filter((s): s is AnalyzerState => !!s);
  const count = (status: AnalyzerState["status"]) => mine.filter((s) => s.status === status).length;
  if (input.plan.stages[stage].length > 0) {
    await emit(deps, jobId, "stage.completed", {
      stage,
      completed: count("completed"),
      errors: count("error"),
      skipped: count("skipped"),
    });
  }
  if (isFinished(record.status)) return { next: null };

  const next = nextStage(input.plan, stage);
  if (!next || !input.plan.llm.enabled) return { next: { task: { name: "finalize", jobId } } };

  await prepareStageInput(jobId, next, input, deps);
  await deps.store.patch(jobId, { stage: next, updatedAt: nowIso(deps) });
  const children: QueueTask[] = input.plan.stages[next].map((a) => ({
    name: "run-analyzer",
    jobId,
    stage: next,
    analyzerId: a.id,
  }));
  // Beside the last stage, the review reads what the stages before it wrote, off the critical path.
  const { insights } = input.plan;
  if (insights.enabled && insights.review && !nextStage(input.plan, next)) {
    children.push({ name: "insights", jobId, pass: "review" });
  }
  return { next: { parent: { name: "close-stage", jobId, stage: next }, children } };
}

/** The next stage after `stage` that has analyzers, if any. */
export function nextStage(plan: JobInput["plan"], stage: Stage): Exclude<Stage, "A"> | null {
  let next = NEXT[stage];
  while (next && plan.stages[next].length === 0) next = NEXT[next];
  return next;
}

/** Earlier stages' finished outputs, in plan order. */
export async function earlierOutputs(
  jobId: string,
  stages: Stage[],
  input: JobInput,
  deps: PipelineDeps,
): Promise<ContextSection[]> {
  // Read side by side, kept in plan order.
  const planned = stages.flatMap((stage) => input.plan.stages[stage].map((a) => ({ stage, a })));
  const read = await Promise.all(
    planned.map(async ({ stage, a }): Promise<ContextSection | undefined> => {
      const key = analyzerKey(stage, a.id);
      const raw = await deps.store.result(jobId, key);
      if (!raw) return undefined;
      const { text } = parseStored(AnalyzerResultSchema, raw, `result ${key} of job ${jobId}`);
      return { id: a.id, name: a.name, stage, text };
    }),
  );
  return read.filter((s) => s !== undefined);
}

async function prepareStageInput(
  jobId: string,
  stage: Exclude<Stage, "A">,
  input: JobInput,
  deps: PipelineDeps,
): Promise<void> {
  const key = RESULT_KEYS.stageInput(stage);
  if (await deps.store.result(jobId, key)) return;
  const planned = input.plan.stages[stage];
  const llm = deps.llmFor(input.credentials)!;
  const { maxInputTokens } = await budgetFor(llm, planned[0]!.model, deps.settings);
  // Room for the system message and the longest instructions of the stage, as rendered for this job.
  const instructions = Math.max(
    ...planned.map((a) =>
      overheadTokens(
        a.definition,
        { blocks: { context: "", transcript: "" }, values: input.values },
        input.plan.system,
        estimateMessageTokens,
      ),
    ),
  );
  const budget = Math.max(200, maxInputTokens - instructions);
  const notes: string[] = [];

  const transcript = await transcriptForContext(jobId, stage, input, budget, notes, deps);
  const sections = await earlierOutputs(jobId, stage === "B" ? ["A"] : ["A", "B"], input, deps);
  const transcriptTokens =
    transcript === undefined
      ? 0
      : transcript === input.transcriptText
        ? input.transcriptTokens
        : countTokens(transcript);
  const room = budget - transcriptTokens;
  const context = buildContext(input.values.computed ?? "", sections, room);
  if (context.shortened.length > 0) {
    notes.push(
      `Stage ${stage} read shortened outputs of ${context.shortened.join(", ")} to fit ${room} tokens (fair share per analyzer).`,
    );
  }
  const wrote = await deps.store.putResultOnce(
    jobId,
    key,
    JSON.stringify({ context: context.text, ...(transcript ? { transcript } : {}), notes }),
  );
  if (wrote && notes.length > 0) {
    const record = await deps.store.record(jobId);
    if (record)
      await deps.store.patch(jobId, { notes: [...record.notes, ...notes], updatedAt: nowIso(deps) });
  }
}

/** The transcript as a later stage reads it: whole when asked and it fits, else a faithful summary. */
async function transcriptForContext(
  jobId: string,
  stage: Stage,
  input: JobInput,
  budget: number,
  notes: string[],
  deps: PipelineDeps,
): Promise<string | undefined> {
  const options = input.plan.context[stage === "B" ? "B" : "final"];
  if (!options.includeTranscript) return undefined;
  if (options.mode === "full") {
    if (
      input.transcriptText.length <= options.maxChars &&
      input.transcriptTokens <= budget * TRANSCRIPT_SHARE
    ) {
      return input.transcriptText;
    }
    notes.push(
      `Stage ${stage}: the transcript (${input.transcriptText.length} characters, ${input.transcriptTokens} tokens) is over ` +
        `${input.transcriptText.length > options.maxChars ? `maxChars ${options.maxChars}` : "the share of one call it may take"}, so a summary of it was sent instead of the full text.`,
    );
  }
  try {
    return await transcriptSummary(jobId, input, deps);
  } catch (e) {
    // The later stage still runs on the analyses; the job says why the transcript is missing.
    notes.push(
      `Stage ${stage} ran without the transcript: summarizing it failed (${toAppError(e).message}).`,
    );
    return undefined;
  }
}

/** A summary of the whole transcript (map-reduce when long), made once per job and shared. */
async function transcriptSummary(jobId: string, input: JobInput, deps: PipelineDeps): Promise<string> {
  const key = RESULT_KEYS.transcriptSummary;
  const llm = deps.llmFor(input.credentials)!;
  const model = input.plan.insights.model;
  const env = await callEnv(jobId, input, llm, model, deps);
  const summarize = () =>
    callOnTranscript(input.plan.summary, modelTranscript(input), input.values, env, {
      reduce: input.plan.reduce,
      key,
    });
  const states = await deps.store.analyzers(jobId);
  let text: string;
  if (states[key]?.status === "completed") text = (await env.memo(key, summarize)).text;
  else {
    const tracked = await trackAnalyzer(
      deps,
      jobId,
      { stage: "B", id: "transcript-summary", name: "Transcript summary", model, key },
      () => env.memo(key, summarize),
      { announce: false, artifact: TRANSCRIPT_SUMMARY_FILE, reveal: revealer(input, deps.vault) },
    );
    if (tracked.status !== "completed") throw tracked.error;
    text = tracked.result.text;
  }
  return `(A summary of the transcript, made because the full text does not fit; segment ids refer to the original.)\n\n${text}`;
}
