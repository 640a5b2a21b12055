import { type ComputedAnalyses, computeAll } from "../computed";
import { jobNotFound } from "../errors";
import { mergeInsights } from "../insights/merge";
import { type InsightsReport, InsightsReportSchema } from "../insights/schema";
import { revealer } from "../pipeline/redaction";
import type { JobStore, Vault } from "../ports";
import type { Segment, Transcript } from "../transcript/model";
import { renameInText } from "../transcript/speakers";
import {
  type AnalyzerState,
  analyzerKey,
  type JobDocument,
  type JobRecord,
  pendingAnalyzer,
  STAGES,
  type Stage,
} from "./job";
import {
  AnalyzerResultSchema,
  type PreparedInput,
  PreparedInputSchema,
  parseStored,
  RESULT_KEYS,
  type StoredInput,
  StoredInputSchema,
} from "./stored";

/**
 * The job read model: one way to read a job's stored parts and assemble what every reader shows.
 * The results API, the exports, the CLI report and the web UI's data all come from `loadJobView`.
 */

/** The record, the stored input and, once the prepare step ran, the prepared part; all parsed. */
/** What a job was given and what its prepare step made of it. */
export interface JobParts {
  record: JobRecord;
  input: StoredInput;
  prepared: PreparedInput | null;
}

export async function readJobParts(
  jobId: string,
  store: Pick<JobStore, "record" | "input" | "result">,
): Promise<JobParts> {
  const [record, raw, prepared] = await Promise.all([
    store.record(jobId),
    store.input(jobId),
    store.result(jobId, RESULT_KEYS.prepared),
  ]);
  if (!record || !raw) throw jobNotFound(jobId);
  return {
    record,
    input: parseStored(StoredInputSchema, raw, `input of job ${jobId}`),
    prepared: prepared ? parseStored(PreparedInputSchema, prepared, `prepared input of job ${jobId}`) : null,
  };
}

/** One analyzer of the plan with its state and, once it finished, its text. */
export interface AnalyzerView {
  stage: Stage;
  id: string;
  name: string;
  state: AnalyzerState;
  text: string | null;
}

/** Everything a reader shows of a job. It carries no credentials: they stay behind in the store. */
export interface JobView {
  doc: JobDocument;
  /** The BCP 47 tag the outputs are written in, and the exports' headings follow (`en` when unknown). */
  language: string;
  transcript: Transcript;
  computed: ComputedAnalyses;
  /** Every planned analyzer in plan order (Stage A, B, Final), finished or not. */
  analyzers: AnalyzerView[];
  /** The finished ones, in the same order. */
  outputs: Array<AnalyzerView & { text: string }>;
  /**
   * The insights step's report; before it has run, the keyword-rule items of the computed
   * analyses checked the same way, marked `provisional`.
   */
  insights: { report: InsightsReport; provisional: boolean };
}

export async function loadJobView(
  jobId: string,
  store: Pick<JobStore, "get" | "record" | "input" | "result">,
  /** Opens the job's redaction mapping, so outputs show the real values (jobs that redact). */
  vault?: Vault,
  /** The job's parts when the caller has read them already (they are read once). */
  parts?: JobParts,
): Promise<JobView> {
  const [doc, { input, prepared }, insights] = await Promise.all([
    store.get(jobId),
    parts ?? readJobParts(jobId, store),
    storedInsights(jobId, store),
  ]);
  if (!doc) throw jobNotFound(jobId);
  const computed = computedOf(input, prepared);
  const planned = STAGES.flatMap((stage) => input.plan.stages[stage].map((a) => ({ stage, a })));
  const results = await Promise.all(
    planned.map(({ stage, a }) => store.result(jobId, analyzerKey(stage, a.id))),
  );
  const reveal = revealer(prepared, vault);
  // Texts the model wrote before a rename name the speakers as it saw them.
  const names = prepared?.speakerNames;
  const analyzers = planned.map(({ stage, a }, i): AnalyzerView => {
    const raw = results[i];
    const text = raw
      ? renameInText(
          reveal(
            parseStored(AnalyzerResultSchema, raw, `result ${analyzerKey(stage, a.id)} of job ${jobId}`).text,
          ),
          names,
        )
      : null;
    const state = doc.stages[stage].analyzers[a.id] ?? pendingAnalyzer(stage, a.id, a.name);
    return { stage, id: a.id, name: a.name, state, text };
  });
  return {
    doc,
    language: input.plan.language?.tag ?? "en",
    transcript: input.transcript,
    computed,
    analyzers,
    outputs: analyzers.filter((a): a is AnalyzerView & { text: string } => a.text !== null),
    insights: insights
      ? renamedInsights(finalInsights(jobId, insights), names)
      : provisionalInsights(input.transcript, computed),
  };
}

/** A stored report with the speakers' current names in its summaries, owners and evidence. */
function renamedInsights(
  insights: JobView["insights"],
  names: Readonly<Record<string, string>> | undefined,
): JobView["insights"] {
  if (!names) return insights;
  const name = (s: string) => names[s] ?? s;
  const items = insights.report.items.map((item) => ({
    ...item,
    summary: renameInText(item.summary, names),
    ...(item.owner ? { owner: name(item.owner) } : {}),
    evidence: { ...item.evidence, speakers: [...new Set(item.evidence.speakers.map(name))] },
  }));
  return { ...insights, report: { ...insights.report, items } };
}

/** A job's insights alone (the final report, else the provisional one), without its outputs. */
export async function loadJobInsights(
  jobId: string,
  store: Pick<JobStore, "record" | "input" | "result">,
): Promise<JobView["insights"]> {
  const [stored, preparedRaw] = await Promise.all([
    storedInsights(jobId, store),
    store.result(jobId, RESULT_KEYS.prepared),
  ]);
  // A stored report needs only the names a rename left, not the whole input.
  if (stored) {
    const names = preparedRaw
      ? (JSON.parse(preparedRaw) as Pick<PreparedInput, "speakerNames">).speakerNames
      : undefined;
    return renamedInsights(finalInsights(jobId, stored), names);
  }
  const { input, prepared } = await readJobParts(jobId, store);
  return provisionalInsights(input.transcript, computedOf(input, prepared));
}

/** The newest stored report: the review's once it has run, else the first pass's. */
async function storedInsights(jobId: string, store: Pick<JobStore, "result">): Promise<string | null> {
  const [review, first] = await Promise.all([
    store.result(jobId, RESULT_KEYS.insightsReview),
    store.result(jobId, RESULT_KEYS.insights),
  ]);
  return review ?? first;
}

const finalInsights = (jobId: string, raw: string): JobView["insights"] => ({
  report: parseStored(InsightsReportSchema, raw, `insights of job ${jobId}`),
  provisional: false,
});

/** Before the insights step has run: the keyword-rule items, checked as the step checks them. */
export function provisionalInsights(transcript: Transcript, computed: ComputedAnalyses): JobView["insights"] {
  return { report: mergeInsights(transcript, { llm: [], heuristic: computed.insights }), provisional: true };
}

/** The computed analyses of a job: the prepared ones, or made now when the prepare step has not run yet. */
export function computedOf(input: StoredInput, prepared: PreparedInput | null): ComputedAnalyses {
  return prepared?.computed ?? computeAll(input.transcript);
}

/** True while the pipeline may still add outputs. */
export const isUnfinished = (view: Pick<JobView, "doc">) =>
  view.doc.status === "queued" || view.doc.status === "running";

/**
 * The transcript as answers show it: its headers and speakers, and its segments whole (`"all"`)
 * or counted (`"count"`, where the caller has them already).
 */
export function transcriptSummary(t: Transcript, segments: "all"): TranscriptSummary<Segment[]>;
export function transcriptSummary(t: Transcript, segments: "count"): TranscriptSummary<number>;
export function transcriptSummary(t: Transcript, segments: "all" | "count") {
  return {
    format: t.format,
    ...(t.title ? { title: t.title } : {}),
    ...(t.date ? { date: t.date } : {}),
    ...(t.durationSeconds !== undefined ? { durationSeconds: t.durationSeconds } : {}),
    speakers: t.speakers,
    segments: segments === "all" ? t.segments : t.segments.length,
  };
}

export interface TranscriptSummary<S> {
  format: Transcript["format"];
  title?: string;
  date?: string;
  durationSeconds?: number;
  speakers: string[];
  segments: S;
}
