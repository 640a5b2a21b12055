import type { AskTurn } from "../../../../core/ask/model";
import type { ExportFormat } from "../../../../core/exports/formats";
import type { JobDocument, JobRecord } from "../../../../core/jobs/job";
import type { InsightsAnswer, JobResults } from "../../../../core/jobs/job-results";
import type { JobSummary } from "../../../../core/jobs/job-summary";
import type { TranscriptSummary } from "../../../../core/jobs/job-view";
import type { QuickAnalysis } from "../../../../core/pipeline/analyze-now";
import type { AnalyzeRequest, TranscriptSource } from "../../../../core/pipeline/request";
import type { PromptOptions } from "../../../../core/prompts/options";
import type { SearchPage } from "../../../../core/search/model";
import type { SynthesisResult } from "../../../../core/synthesis/model";
import type { KeyState, SavedKey, SessionInfo } from "../../../shared/session";
import { request } from "./request";

/**
 * Every call the page makes, with the answer types of the code that makes them, so a change to
 * an answer is a type error here rather than a blank on the page.
 */

export type UploadAnswer = TranscriptSummary<number> & { fileId: string; fileName: string };
export type QuickLookAnswer = { transcript: TranscriptSummary<number> } & Pick<QuickAnalysis, "computed">;
export type {
  AskTurn,
  InsightsAnswer,
  JobResults,
  JobSummary,
  PromptOptions,
  SearchPage,
  SessionInfo,
  SynthesisResult,
};

const job = (jobId: string) => encodeURIComponent(jobId);

export const api = {
  session: () => request<SessionInfo>("/api/session"),
  signIn: (token: string) =>
    request<Pick<SessionInfo, "authenticated" | "csrf">>("/api/session", { method: "POST", json: { token } }),
  key: () => request<KeyState>("/api/user/key"),
  saveKey: (apiKey: string) =>
    request<SavedKey>("/api/user/key", { method: "POST", json: { apiKey, validate: true } }),
  removeKey: () => request<KeyState>("/api/user/key", { method: "DELETE" }),

  promptOptions: () => request<PromptOptions>("/api/prompt-options"),
  upload: (file: File) => {
    const form = new FormData();
    form.append("file", file, file.name);
    return request<UploadAnswer>("/api/uploads", { method: "POST", form });
  },
  analyze: (body: AnalyzeRequest) =>
    request<Pick<JobRecord, "jobId">>("/api/analyze", { method: "POST", json: body }),
  quickLook: (source: TranscriptSource) =>
    request<QuickLookAnswer>("/api/analyze-now", { method: "POST", json: { ...source, sayMeans: false } }),

  status: (jobId: string) => request<JobDocument>(`/api/status/${job(jobId)}`),
  results: (jobId: string) => request<JobResults>(`/api/results/${job(jobId)}`),
  cancel: (jobId: string) => request<unknown>(`/api/jobs/${job(jobId)}/cancel`, { method: "POST" }),
  jobs: (limit: number) => request<{ jobs: JobSummary[] }>(`/api/jobs?limit=${limit}`),

  search: (query: string) => request<SearchPage>(`/api/search?${query}`),
  thread: (jobId: string) => request<{ thread: AskTurn[] }>(`/api/jobs/${job(jobId)}/ask`),
  renameSpeakers: (jobId: string, renames: Record<string, string>) =>
    request<{ speakers: string[] }>(`/api/jobs/${job(jobId)}/speakers`, { method: "PUT", json: { renames } }),
  synthesize: (meetings: string[]) =>
    request<{ synthesis: SynthesisResult; markdown: string }>("/api/syntheses", {
      method: "POST",
      json: { meetings },
    }),
};

/** Where the page asks a meeting a question (streamed: see ask/ask-stream.ts). */
export const askPath = (jobId: string) => `/api/jobs/${job(jobId)}/ask`;

/** Where the page links to rather than fetches: the live events and the downloads. */
export const links = {
  events: (jobId: string) => `/api/jobs/${job(jobId)}/events`,
  export: (jobId: string, format: ExportFormat) =>
    `/api/jobs/${job(jobId)}/export?format=${encodeURIComponent(format)}`,
  file: (jobId: string, path: string) => `/api/job-file?jobId=${job(jobId)}&path=${encodeURIComponent(path)}`,
};
