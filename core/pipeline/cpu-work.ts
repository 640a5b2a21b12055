import { computeAll } from "../computed";
import { type ExportFile, type ExportFormat, renderExport } from "../exports/formats";
import type { ZipEntry } from "../exports/zip";
import type { JobView } from "../jobs/job-view";
import type { PreparedInput } from "../jobs/stored";
import { countTokens } from "../llm/tokens";
import { type Redacted, redactTranscript } from "../privacy/redact";
import type { SearchableMeeting } from "../search/passages";
import { type MeetingToIndex, searchableMeeting } from "../search/searchable";
import { type ParseTranscriptOptions, parseTranscript } from "../transcript";
import type { Transcript } from "../transcript/model";
import { renderTranscript } from "../transcript/render";
import { jobValues } from "./values";

/**
 * The CPU-heavy work of the tool: reading a transcript, the computed analyses, rendering exports.
 * Pure functions of their arguments, so a host can run them off its event loop (worker threads,
 * with a bound on time and memory per step) and get the same answer as `inlineCpuWork`.
 */
export interface CpuWork {
  parseTranscript(input: Uint8Array | string, options: ParseTranscriptOptions): Promise<Transcript>;
  /**
   * The prepare step's work: computed analyses, prompt values, the rendered transcript and its
   * tokens; with `redact`, the values and text a model reads are the redacted transcript's, and the
   * redaction comes back for the caller to seal (a thread holds no secret).
   */
  prepare(transcript: Transcript, now: string, redact?: { names: boolean }): Promise<PreparedWork>;
  renderExport(view: JobView, format: ExportFormat, files: readonly ZipEntry[]): Promise<ExportFile>;
  /** A meeting's passages, topics and fields, as the search index takes them. */
  searchable(meeting: MeetingToIndex): Promise<SearchableMeeting>;
}

/** A prepared input before its redaction mapping is sealed. */
export type PreparedWork = Omit<PreparedInput, "redaction"> & { redaction?: Redacted };

export function prepareInput(transcript: Transcript, now: Date, redact?: { names: boolean }): PreparedWork {
  const computed = computeAll(transcript, { now });
  // What models read is made from the redacted transcript when the job redacts; what people see, from the real one.
  const redacted = redact ? redactTranscript(transcript, redact) : undefined;
  const forModel = redacted?.transcript ?? transcript;
  const transcriptText = renderTranscript(forModel, { ids: true });
  return {
    computed,
    values: jobValues(forModel, redacted ? computeAll(forModel, { now }) : computed),
    transcriptText,
    transcriptTokens: countTokens(transcriptText),
    ...(redacted ? { redaction: redacted } : {}),
  };
}

/** The work in the caller's own thread (the CLI, FaaS handlers, tests of single functions). */
export const inlineCpuWork: CpuWork = {
  parseTranscript: (input, options) => parseTranscript(input, options),
  prepare: async (transcript, now, redact) => prepareInput(transcript, new Date(now), redact),
  renderExport: async (view, format, files) => renderExport(view, format, files),
  searchable: async (meeting) => searchableMeeting(meeting),
};

export type CpuOperation = keyof CpuWork;
export const CPU_OPERATIONS = Object.keys(inlineCpuWork) as CpuOperation[];
