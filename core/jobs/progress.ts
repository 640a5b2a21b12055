import type { InsightCounts } from "../insights/schema";
import { addUsage, type Usage, ZERO_USAGE } from "../llm/usage";
import { type EventStage, type JobEvent, TERMINAL_EVENTS } from "./events";
import {
  type AnalyzerState,
  analyzerKey,
  type ErrorInfo,
  insightsReviewState,
  insightsState,
  isAnalyzerDone,
  isFinished,
  type JobDocument,
  type JobRecord,
  type JobStatus,
  pendingAnalyzer,
  STAGES,
  type Stage,
} from "./job";

/**
 * A job's progress as its watchers show it (the web UI's progress table, the CLI's status line):
 * made from the status document or the plan, then kept current by the job's events. Pure: a change
 * returns a new state, and no change returns the same one. A step only moves forward (pending,
 * running, done), so an event replayed after a reconnect, or a polled document older than the
 * events already seen, changes nothing.
 */
export interface JobProgress {
  status: JobStatus;
  createdAt?: string;
  finishedAt?: string;
  /** The plan's steps in order: the analyzers of Stage A, B and Final, then the insights step and its review. */
  steps: readonly AnalyzerState[];
  /** The stages that have finished, in stage order. */
  stagesDone: readonly Stage[];
  /** What the insights step found, once it has reported. */
  insights?: InsightCounts;
  /** The job's own totals (every model call, support calls too), once it has ended. */
  totals?: JobRecord["totals"];
  error?: ErrorInfo;
}

/** Where a step is kept: `A.say-means`, or `insights`. */
export const stepKey = (step: Pick<AnalyzerState, "stage" | "id">) => analyzerKey(step.stage, step.id);

/** A job about to run its plan, before anything has happened (the CLI starts here). */
export function fromPlan(plan: JobRecord["plan"]): JobProgress {
  const steps = STAGES.flatMap((stage) => plan[stage].map((id) => pendingAnalyzer(stage, id)));
  if (plan.insights) steps.push(insightsState());
  if (plan.review) steps.push(insightsReviewState());
  return { status: "queued", steps, stagesDone: [] };
}

/** A job as its status document says it is now. */
export function fromDocument(doc: JobDocument): JobProgress {
  const steps = STAGES.flatMap((stage) => Object.values(doc.stages[stage].analyzers));
  return settle({
    status: doc.status,
    ...(doc.createdAt ? { createdAt: doc.createdAt } : {}),
    ...(doc.finishedAt ? { finishedAt: doc.finishedAt } : {}),
    steps: [
      ...steps,
      ...(doc.plan.insights ? [doc.stages.insights] : []),
      ...(doc.stages.insightsReview ? [doc.stages.insightsReview] : []),
    ],
    stagesDone: STAGES.filter((s) => doc.plan[s].length > 0 && isAnalyzerDone(doc.stages[s].status)),
    ...(doc.totals ? { totals: doc.totals } : {}),
    ...(doc.error ? { error: doc.error } : {}),
  });
}

/** The state after one event. */
export function reduce(state: JobProgress, event: JobEvent): JobProgress {
  if (isFinished(state.status)) return state;
  switch (event.type) {
    case "analyzer.started": {
      const { stage, analyzer, model } = event.data;
      const next = update(state, stage, analyzer, {
        status: "running",
        startedAt: event.ts,
        ...(model ? { model } : {}),
      });
      return next.status === "queued" ? { ...next, status: "running" } : next;
    }
    case "analyzer.completed": {
      const { stage, analyzer, model, durationMs, usage, costUsd, chunking } = event.data;
      return update(state, stage, analyzer, {
        status: "completed",
        finishedAt: event.ts,
        model,
        durationMs,
        usage,
        costUsd,
        ...(chunking ? { chunking } : {}),
      });
    }
    case "analyzer.error": {
      const { stage, analyzer, error } = event.data;
      return update(state, stage, analyzer, {
        status: "error",
        finishedAt: event.ts,
        error: { code: error.code, message: error.message },
      });
    }
    case "stage.completed":
      if (state.stagesDone.includes(event.data.stage)) return state;
      return {
        ...state,
        stagesDone: STAGES.filter((s) => s === event.data.stage || state.stagesDone.includes(s)),
      };
    case "insights.updated":
      return { ...state, insights: event.data.counts };
    case "job.completed":
    case "job.error":
    case "job.cancelled":
      return settle({
        ...state,
        status: TERMINAL_EVENTS[event.type],
        finishedAt: event.ts,
        ...(event.data.totals ? { totals: event.data.totals } : {}),
        ...(event.type === "job.error"
          ? { error: { code: event.data.error.code, message: event.data.error.message } }
          : {}),
      });
    default:
      return state;
  }
}

/**
 * The state after a fresh status document (polling, or a refresh at the end): the document's,
 * except where the state is further along, and with the insight counts, which it does not carry.
 */
export function sync(state: JobProgress, doc: JobDocument): JobProgress {
  if (isFinished(state.status) && !isFinished(doc.status)) return state;
  const fresh = fromDocument(doc);
  const current = new Map(state.steps.map((s) => [stepKey(s), s]));
  return {
    ...fresh,
    steps: fresh.steps.map((s) => {
      const known = current.get(stepKey(s));
      return known && rank(known) > rank(s) ? known : s;
    }),
    stagesDone: STAGES.filter((s) => fresh.stagesDone.includes(s) || state.stagesDone.includes(s)),
    ...(state.insights ? { insights: state.insights } : {}),
  };
}

/** Steps done and planned, per stage (the insights step under `insights`), and for the whole job. */
export function counts(state: JobProgress) {
  const of = (steps: readonly AnalyzerState[]) => ({
    done: steps.filter((s) => isAnalyzerDone(s.status)).length,
    total: steps.length,
  });
  const byStage = Object.fromEntries(
    ([...STAGES, "insights"] as const).map((stage) => [
      stage,
      of(state.steps.filter((s) => s.stage === stage)),
    ]),
  ) as Record<EventStage, { done: number; total: number }>;
  return { ...byStage, all: of(state.steps) };
}

export const running = (state: JobProgress) => state.steps.filter((s) => s.status === "running");

/**
 * Tokens and cost so far: the sum of the steps' while the job runs, the job's totals once it has
 * them. `unpricedCalls` counts steps whose model has no price, so "unpriced" is not read as free.
 */
export function spend(state: JobProgress): { usage: Usage; costUsd: number; unpricedCalls: number } {
  if (state.totals) return state.totals;
  let usage = ZERO_USAGE;
  let costUsd = 0;
  let unpricedCalls = 0;
  for (const s of state.steps) {
    if (s.usage) usage = addUsage(usage, s.usage);
    if (typeof s.costUsd === "number") costUsd += s.costUsd;
    else if (s.usage && s.costUsd === null) unpricedCalls++;
  }
  return { usage, costUsd, unpricedCalls };
}

/** The steps that are done in `next` and were not in `prev`: what to log or announce once. */
export function newlyDone(prev: JobProgress, next: JobProgress): AnalyzerState[] {
  if (prev === next) return [];
  const before = new Map(prev.steps.map((s) => [stepKey(s), s.status]));
  return next.steps.filter((s) => {
    const was = before.get(stepKey(s));
    return isAnalyzerDone(s.status) && (was === undefined || !isAnalyzerDone(was));
  });
}

const rank = (s: AnalyzerState) => (isAnalyzerDone(s.status) ? 2 : s.status === "running" ? 1 : 0);

function update(
  state: JobProgress,
  stage: EventStage,
  id: string,
  fields: Partial<AnalyzerState>,
): JobProgress {
  const key = analyzerKey(stage, id);
  const index = state.steps.findIndex((s) => stepKey(s) === key);
  const step = state.steps[index];
  // An event about a step the plan does not have, or one already done (a replay), changes nothing.
  if (!step || isAnalyzerDone(step.status)) return state;
  const steps = state.steps.slice();
  steps[index] = { ...step, ...fields };
  return { ...state, steps };
}

/** A cancelled job runs nothing more: what had not finished is cancelled with it. */
function settle(state: JobProgress): JobProgress {
  if (state.status !== "cancelled") return state;
  return {
    ...state,
    steps: state.steps.map((s) => (isAnalyzerDone(s.status) ? s : { ...s, status: "cancelled" as const })),
  };
}
