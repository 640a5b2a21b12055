import type { AskTurn } from "../../../../core/ask/model";
import type { ExportFormat } from "../../../../core/exports/formats";
import type { JobDocument, JobRecord, JobStatus } from "../../../../core/jobs/job";
import type { InsightsAnswer, JobResults } from "../../../../core/jobs/job-results";
import type { JobSummary } from "../../../../core/jobs/job-summary";
import type { TranscriptSummary } from "../../../../core/jobs/job-view";
import type { QuickAnalysis } from "../../../../core/pipeline/analyze-now";
import type { AnalyzeRequest, TranscriptSource } from "../../../../core/pipeline/request";
import type { PromptOptions } from "../../../../core/prompts/options";
import type { SearchPage } from "../../../../core/search/model";
import type { HealthReport } from "../../../shared/deps";
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
  HealthReport,
  InsightsAnswer,
  JobResults,
  JobSummary,
  PromptOptions,
  SearchPage,
  SessionInfo,
};

/** A page of the history: `nextCursor` asks for the one after it, null at the end. */
export type HistoryPage = { jobs: JobSummary[]; nextCursor: string | null };
export interface HistoryQuery {
  limit: number;
  cursor?: string | undefined;
  status?: JobStatus | undefined;
  q?: string | undefined;
}

const job = (jobId: string) => encodeURIComponent(jobId);

/**
 * The share link this page was opened with (`/?share=<token>#/jobs/<id>`), if any: every read of
 * the job carries it, so someone without an account can read that one job and nothing else.
 */
export const viewerShare: string | null =
  typeof location === "undefined" ? null : new URLSearchParams(location.search).get("share");
const withShare = (url: string) =>
  viewerShare ? `${url}${url.includes("?") ? "&" : "?"}share=${encodeURIComponent(viewerShare)}` : url;

/** A share link as its owner sees it; `token` and `pageUrl` only in the answer that made it. */
export interface ShareInfo {
  id: string;
  jobId: string;
  createdAt: string;
  token?: string;
  pageUrl?: string;
}

export const api = {
  session: () => request<SessionInfo>("/api/session"),
  health: () => request<HealthReport>("/api/health"),
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

  status: (jobId: string) => request<JobDocument>(withShare(`/api/status/${job(jobId)}`)),
  /** The results with one page of the transcript's segments (the server's default page from 0). */
  results: (jobId: string, segmentOffset = 0, segmentLimit?: number) =>
    request<JobResults>(
      withShare(
        `/api/results/${job(jobId)}?segmentOffset=${segmentOffset}${segmentLimit ? `&segmentLimit=${segmentLimit}` : ""}`,
      ),
    ),
  shares: (jobId: string) => request<{ shares: ShareInfo[] }>(`/api/jobs/${job(jobId)}/shares`),
  share: (jobId: string) =>
    request<{ share: ShareInfo }>(`/api/jobs/${job(jobId)}/shares`, { method: "POST" }),
  revokeShare: (jobId: string, id: string) =>
    request<unknown>(`/api/jobs/${job(jobId)}/shares/${encodeURIComponent(id)}`, { method: "DELETE" }),
  cancel: (jobId: string) => request<unknown>(`/api/jobs/${job(jobId)}/cancel`, { method: "POST" }),
  jobs: (query: HistoryQuery) => {
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.cursor) params.set("cursor", query.cursor);
    if (query.status) params.set("status", query.status);
    if (query.q) params.set("q", query.q);
    return request<HistoryPage>(`/api/jobs?${params}`);
  },
  deleteJob: (jobId: string) =>
    request<{ deleted: true }>(`/api/jobs/${job(jobId)}`, { method: "DELETE", json: { confirm: jobId } }),
  retry: (jobId: string) =>
    request<{ status: "queued"; missing: number }>(`/api/jobs/${job(jobId)}/retry`, { method: "POST" }),

  search: (query: string) => request<SearchPage>(`/api/search?${query}`),
  thread: (jobId: string) => request<{ thread: AskTurn[] }>(`/api/jobs/${job(jobId)}/ask`),
  renameSpeakers: (jobId: string, renames: Record<string, string>) =>
    request<{ speakers: string[] }>(`/api/jobs/${job(jobId)}/speakers`, { method: "PUT", json: { renames } }),
};

/** Where the page asks a meeting a question (streamed: see ask/ask-stream.ts). */
export const askPath = (jobId: string) => `/api/jobs/${job(jobId)}/ask`;

/** Where the page links to rather than fetches: the live events and the downloads. */
export const links = {
  events: (jobId: string) => withShare(`/api/jobs/${job(jobId)}/events`),
  export: (jobId: string, format: ExportFormat) =>
    withShare(`/api/jobs/${job(jobId)}/export?format=${encodeURIComponent(format)}`),
  file: (jobId: string, path: string) =>
    withShare(`/api/job-file?jobId=${job(jobId)}&path=${encodeURIComponent(path)}`),
};
