import { ownerOfJob } from "../jobs/job";
import { loadJobView, readJobParts } from "../jobs/job-view";
import { modelLimits } from "../llm/models";
import { budgetFor, type CallBudget, callBudget } from "../pipeline/call-env";
import type { PipelineDeps } from "../pipeline/deps";
import type { AskThreads, SearchIndex } from "../ports";
import { type AskOutcome, askLibrary, askMeeting, parseQuestion } from "./ask";
import type { AskTurn } from "./model";

/** What asking a job's meeting or the library needs from outside. */
export interface AskJobDeps extends Pick<PipelineDeps, "store" | "llmFor" | "settings" | "now"> {
  index: SearchIndex;
  threads?: AskThreads;
}

/** Earlier turns given to the model with a new question, at most. */
const HISTORY_TURNS = 6;

/**
 * Asks a job's meeting: with the job's own model and credentials when it ran with a model (the
 * transcript and the analyses it made), else an extract. The question is kept in the meeting's
 * thread at once, and the answer (or what arrived and the error) when it ends.
 */
export async function askJob(
  input: { jobId: string; owner: string | null; question: unknown; turnId: string },
  deps: AskJobDeps,
  options: { onDelta?: (text: string) => void; signal?: AbortSignal } = {},
): Promise<AskTurn> {
  const question = parseQuestion(input.question);
  const { jobId } = input;
  const parts = await readJobParts(jobId, deps.store);
  const view = await loadJobView(jobId, deps.store, undefined, parts);
  const plan = parts.input.plan;
  const llm = plan.llm.enabled ? deps.llmFor(parts.input.credentials) : null;
  const turn: AskTurn = { id: input.turnId, askedAt: (deps.now?.() ?? new Date()).toISOString(), question };
  await deps.threads?.put(jobId, turn);
  const earlier = (await deps.threads?.list(jobId)) ?? [];
  const history = earlier
    .filter((t) => t.id !== turn.id && t.answer)
    .slice(-HISTORY_TURNS)
    .map((t) => ({ question: t.question, answer: t.answer!.text }));
  const model = plan.insights.model;
  const outcome = await askMeeting(
    {
      meetingId: jobId,
      // The meeting is the caller's (checked by the route); its index rows carry the job's owner.
      owner: ownerOfJob(view.doc),
      question,
      transcript: view.transcript,
      transcriptText: parts.prepared?.transcriptText ?? "",
      system: plan.system,
      analyses: view.outputs.map((o) => ({ name: o.name, text: o.text })),
      ...(history.length > 0 ? { history } : {}),
    },
    {
      llm,
      index: deps.index,
      model,
      ...(await budgetOf(llm, model, deps.settings)),
      cacheKey: `job-${jobId}`,
      ...(options.onDelta ? { onDelta: options.onDelta } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const done = finishTurn(turn, outcome);
  await deps.threads?.put(jobId, done);
  return done;
}

/** Asks across the caller's meetings (or the ones named, already checked to be theirs). */
export async function askAcross(
  input: {
    owner: string | null;
    question: unknown;
    meetings?: string[];
    turnId: string;
    /** The shared system message and model, from the server's configuration. */
    system: string;
    model: string;
    credentials?: string;
  },
  deps: AskJobDeps,
  options: { onDelta?: (text: string) => void; signal?: AbortSignal } = {},
): Promise<AskTurn> {
  const question = parseQuestion(input.question);
  const turn: AskTurn = { id: input.turnId, askedAt: (deps.now?.() ?? new Date()).toISOString(), question };
  const libraryLlm = deps.llmFor(input.credentials);
  const outcome = await askLibrary(
    {
      owner: input.owner,
      question,
      system: input.system,
      ...(input.meetings ? { meetings: input.meetings } : {}),
    },
    {
      llm: libraryLlm,
      index: deps.index,
      model: input.model,
      ...(await budgetOf(libraryLlm, input.model, deps.settings)),
      ...(options.onDelta ? { onDelta: options.onDelta } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return finishTurn(turn, outcome);
}

function finishTurn(turn: AskTurn, outcome: AskOutcome): AskTurn {
  if ("answer" in outcome) return { ...turn, answer: outcome.answer };
  return {
    ...turn,
    ...(outcome.partial ? { partial: outcome.partial } : {}),
    error: { code: outcome.error.code, message: outcome.error.message },
  };
}

/** The call budget on the service that answers; by the model table when none does (an extract). */
const budgetOf = (
  llm: ReturnType<PipelineDeps["llmFor"]>,
  model: string,
  settings: PipelineDeps["settings"],
): Promise<CallBudget> =>
  llm ? budgetFor(llm, model, settings) : Promise.resolve(callBudget(modelLimits(model), settings));
