import type { JobInput } from "../jobs/stored";
import type { PricingTable } from "../llm/pricing";
import type { ArtifactStore, EventBus, JobStore, LlmProvider, SearchIndex, Vault } from "../ports";
import { type CpuWork, inlineCpuWork } from "./cpu-work";

/** What the pipeline steps need from outside; adapters in infra/ provide each. */
export interface PipelineDeps {
  store: JobStore;
  events: EventBus;
  artifacts: ArtifactStore;
  /** The model service for a job's credentials (a session's own key, else the server's); null when none. */
  llmFor: (credentials: string | undefined) => LlmProvider | null;
  settings: PipelineSettings;
  /** Seals a job's redaction mapping at rest; needed by jobs that redact. */
  vault?: Vault;
  now?: () => Date;
  /** Aborts a running job's calls when it is cancelled (in-process runs). */
  signalFor?: (jobId: string) => AbortSignal | undefined;
  /**
   * Parsed job inputs by job id. An input never changes once stored, so a process may keep it
   * instead of fetching and parsing it again for each of a job's steps.
   */
  inputCache?: Map<string, JobInput>;
  /** Where CPU-heavy work runs: worker threads in the hosts; the caller's thread when absent. */
  cpu?: CpuWork;
  /** The meetings' full-text index: a job's meeting is indexed once its transcript is prepared. */
  search?: SearchIndex;
}

export const cpuOf = (deps: Pick<PipelineDeps, "cpu">): CpuWork => deps.cpu ?? inlineCpuWork;

export interface PipelineSettings {
  /** Lower than the model's window when set (`LLM_MAX_INPUT_TOKENS`). */
  maxInputTokens?: number;
  maxOutputTokens: number;
  pricing: PricingTable;
}

export const nowIso = (deps: Pick<PipelineDeps, "now">) => (deps.now?.() ?? new Date()).toISOString();
