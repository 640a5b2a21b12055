import { computeAll } from "../computed";
import { type ExportFile, type ExportFormat, renderExport } from "../exports/formats";
import type { ZipEntry } from "../exports/zip";
import type { JobView } from "../jobs/job-view";
import type { PreparedInput } from "../jobs/stored";
import { countTokens } from "../llm/tokens";
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
  /** The prepare step's work: computed analyses, prompt values, the rendered transcript and its tokens. */
  prepare(transcript: Transcript, now: string): Promise<PreparedInput>;
  renderExport(view: JobView, format: ExportFormat, files: readonly ZipEntry[]): Promise<ExportFile>;
}

export function prepareInput(transcript: Transcript, now: Date): PreparedInput {
  const computed = computeAll(transcript, { now });
  const transcriptText = renderTranscript(transcript, { ids: true });
  return {
    computed,
    values: jobValues(transcript, computed),
    transcriptText,
    transcriptTokens: countTokens(transcriptText),
  };
}

/** The work in the caller's own thread (the CLI, FaaS handlers, tests of single functions). */
export const inlineCpuWork: CpuWork = {
  parseTranscript: (input, options) => parseTranscript(input, options),
  prepare: async (transcript, now) => prepareInput(transcript, new Date(now)),
  renderExport: async (view, format, files) => renderExport(view, format, files),
};

export type CpuOperation = keyof CpuWork;
export const CPU_OPERATIONS = Object.keys(inlineCpuWork) as CpuOperation[];
