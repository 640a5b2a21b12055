/**
 * The only doors out of core/. Adapters in infra/ implement these; core and functions receive
 * them as arguments and never construct one.
 */

// ---------------------------------------------------------------------------------------------
// LLM

import type { LlmCapabilities } from "./llm/capabilities";
import type { ReasoningEffort, Verbosity } from "./llm/options";
import type { Usage } from "./llm/usage";

export type { LlmCapabilities } from "./llm/capabilities";
export type { ReasoningEffort, Verbosity } from "./llm/options";
export type { Usage } from "./llm/usage";

export interface LlmMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface LlmRequest {
  model: string;
  /**
   * In order. The long shared block (transcript or context) comes first so that calls of one job
   * share a prefix the provider can cache; the analyzer's instructions come last.
   */
  messages: LlmMessage[];
  maxOutputTokens?: number;
  reasoningEffort?: ReasoningEffort;
  verbosity?: Verbosity;
  /** Ask for JSON that matches this schema (strict where the API has it). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** Groups calls that share a prefix (`prompt_cache_key` on the OpenAI APIs). */
  cacheKey?: string;
  signal?: AbortSignal;
}

export interface LlmResult {
  text: string;
  /** The model that answered, as the service reports it. */
  model: string;
  usage: Usage;
  /** Number of attempts the provider made, 1 when the first one succeeded. */
  attempts: number;
}

/** One configured LLM service. Errors are thrown as `LlmError` with a stable code. */
export interface LlmProvider {
  complete(request: LlmRequest): Promise<LlmResult>;
  /**
   * What the service offers for `model`: the context window calls are sized by (and where that
   * figure comes from) and what it was found to support. Cheap after the first call per service.
   */
  capabilities(model: string): Promise<LlmCapabilities>;

  /**
   * The same call, streamed: `onDelta` gets each piece of text as it arrives, and the result is
   * the whole answer. A failure after some text has arrived is thrown like any other. Optional:
   * without it, callers use `complete` and show the answer at once (`streamOrComplete`).
   */
  stream?(request: LlmRequest, onDelta: (text: string) => void): Promise<LlmResult>;
}

// ---------------------------------------------------------------------------------------------
// Files

/**
 * A job's output files (`output/jobs/<jobId>/...`). Paths are relative, `/`-separated, and an
 * implementation must refuse any path that would leave the job's folder.
 */
export interface ArtifactStore {
  write(jobId: string, path: string, content: string | Uint8Array): Promise<void>;
  /** `null` when the file does not exist. */
  read(jobId: string, path: string): Promise<Uint8Array | null>;
  /** Every file of the job, relative paths, sorted. */
  list(jobId: string): Promise<string[]>;
  /** Removes every file of the job (a job deleted for good). */
  remove(jobId: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Jobs

import type { AnalyzerState, JobDocument, JobRecord, JobStatus } from "./jobs/job";

/** A page of the history: newest first, at most `limit`, after `cursor` (from the previous page). */
export interface JobListQuery {
  limit: number;
  owner?: string;
  status?: JobStatus;
  /** Words the title (or, without one, the file name) contains, case-insensitive. */
  text?: string;
  cursor?: string;
}

export interface JobPage {
  jobs: JobRecord[];
  /** Set when there are older jobs: pass it as `cursor` for the next page. */
  nextCursor?: string;
}

/**
 * Job state, kept until it is deleted. The record and each analyzer's state are stored apart, so
 * parallel workers update them without read-modify-write races. Results are written once: a retry
 * or a crash that comes back finds the finished result and does not call the model again.
 */
export interface JobStore {
  create(record: JobRecord, input: string): Promise<void>;
  /** The record with every analyzer state folded in; `null` for an unknown or expired job. */
  get(jobId: string): Promise<JobDocument | null>;
  record(jobId: string): Promise<JobRecord | null>;
  /**
   * Shallow merge into the record; `updatedAt` is set by the caller. With `ifStatus`, only while
   * the job has that status (so a step cannot undo a cancel that came in meanwhile). True when applied.
   */
  patch(jobId: string, fields: Partial<JobRecord>, options?: { ifStatus?: JobStatus }): Promise<boolean>;
  setAnalyzer(jobId: string, key: string, state: AnalyzerState): Promise<void>;
  analyzers(jobId: string): Promise<Record<string, AnalyzerState>>;
  /** The job's input (transcript, computed analyses, plan) as stored by `create`. */
  input(jobId: string): Promise<string | null>;
  /** Writes `value` under `key` unless a value is there already; true when this call wrote it. */
  putResultOnce(jobId: string, key: string, value: string): Promise<boolean>;
  result(jobId: string, key: string): Promise<string | null>;
  /** The history, newest first, a page at a time. */
  list(query: JobListQuery): Promise<JobPage>;
  /** Deletes the job and everything stored with it; true when there was one. */
  delete(jobId: string): Promise<boolean>;
  /** Ids of jobs created before `iso` that are no longer queued or running, oldest first (retention). */
  createdBefore(iso: string, limit: number): Promise<string[]>;
  /**
   * Marks every job created before `startedAt` that is still queued or running `interrupted` (its
   * analyzers that were running go back to pending) and returns their ids: for a host that runs its
   * jobs itself, when it starts again.
   */
  interruptUnfinished(startedAt: string): Promise<string[]>;
}

export {
  EVENT_TYPES,
  type EventPayload,
  type EventType,
  type JobEvent,
  type NewJobEvent,
} from "./jobs/events";

import type { JobEvent, NewJobEvent } from "./jobs/events";

/** Events per job: an ordered log a late subscriber can replay, plus live delivery. */
export interface EventBus {
  publish(event: NewJobEvent): Promise<JobEvent>;
  /** Events after `afterId` (all when undefined), in order. */
  history(jobId: string, afterId?: string): Promise<JobEvent[]>;
  /**
   * Delivers the events after `afterId`, then live ones, in order and without gaps or repeats,
   * until the returned function is called.
   */
  subscribe(
    jobId: string,
    afterId: string | undefined,
    listener: (event: JobEvent) => void,
  ): Promise<() => void>;
  /** Forgets the job's events (a job deleted for good). */
  remove(jobId: string): Promise<void>;
}

export { type QueueTask, taskId } from "./jobs/task";

import type { QueueTask } from "./jobs/task";

export interface JobQueue {
  enqueue(task: QueueTask): Promise<void>;
  /** `children` run in parallel; `parent` runs once after every child has finished. */
  enqueueFlow(parent: QueueTask, children: QueueTask[]): Promise<void>;
  /** Removes the job's tasks that have not started. */
  cancel(jobId: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Share links

import type { ShareLink } from "./jobs/share-link";

export type { ShareLink } from "./jobs/share-link";

/**
 * Read-only links to jobs, by id (the token's hash). A link ends when revoked, when its job is
 * deleted, or at its `expiresAt` when it has one.
 */
export interface ShareStore {
  put(link: ShareLink): Promise<void>;
  get(id: string): Promise<ShareLink | null>;
  /** The job's live links, oldest first. */
  list(jobId: string): Promise<ShareLink[]>;
  delete(id: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Secrets at rest

/** Seals what must not be readable at rest (a job's redaction mapping), as a session's key is. */
export interface Vault {
  seal(plain: string): string;
  /** `undefined` when it was sealed under another secret or was tampered with. */
  open(sealed: string): string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Sessions, rate limits, uploads

export interface SessionData {
  id: string;
  createdAt: string;
  /** A CSRF token the same-origin UI sends back in `X-CSRF-Token` on requests that change state. */
  csrf: string;
  /** Set once the session presented a valid API token (when the deployment requires one). */
  authenticated?: boolean;
  /** The owner of the token it signed in with, so its jobs are that token's wherever it signs in. */
  owner?: string;
  /** Signed in with an operator token (`ADMIN_TOKENS`). */
  operator?: boolean;
  /** The session's own OpenAI key, encrypted; never returned to a client. */
  encryptedApiKey?: string;
  apiKeyLast4?: string;
}

export interface SessionStore {
  get(id: string): Promise<SessionData | null>;
  set(session: SessionData, ttlSeconds: number): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window resets (for `Retry-After`). */
  resetSeconds: number;
}

/** Fixed-window counters shared by every host process. */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  /** The count in the key's current window without adding to it (0 when none is open). */
  peek(key: string, windowSeconds: number): Promise<{ count: number; resetSeconds: number }>;
}

export interface UploadMeta {
  fileId: string;
  fileName: string;
  format: string;
  bytes: number;
  uploadedAt: string;
  owner?: string;
}

/** Uploaded transcripts, kept until a job reads them (and for a while after). */
export interface UploadStore {
  put(meta: UploadMeta, content: Uint8Array): Promise<void>;
  get(fileId: string): Promise<{ meta: UploadMeta; content: Uint8Array } | null>;
}

// ---------------------------------------------------------------------------------------------
// Search

import type {
  LibraryStats,
  MatchRequest,
  PassageKey,
  PassageMatches,
  SearchScope,
  StoredPassage,
} from "./search/index-types";
import type { SearchableMeeting } from "./search/passages";

export type { LibraryStats, MatchRequest, PassageKey, PassageMatches, SearchScope, StoredPassage };

/**
 * Full-text search over meetings' passages (PostgreSQL `tsvector` with a GIN index, on a server or
 * in PGlite). The index stems and drops stopwords; core ranks what it finds (`core/search/`).
 */
export interface SearchIndex {
  /** Indexes a meeting's passages, replacing what the index had of that meeting. */
  indexMeeting(meeting: SearchableMeeting): Promise<void>;
  deleteMeeting(meetingId: string): Promise<void>;
  /** The lexemes the index makes of each word (none for a stopword), in the order given. */
  analyze(words: readonly string[]): Promise<string[][]>;
  /** How common these lexemes are in the scope, and the meetings that contain any of them. */
  termStats(lexemes: readonly string[], scope: SearchScope): Promise<LibraryStats>;
  /** Passages of some meetings that match, with the lexemes' positions, and those meetings' details. */
  matchPassages(request: MatchRequest): Promise<PassageMatches>;
  /** Stored passages for display, in the order asked; an unknown key is left out. */
  passages(keys: readonly PassageKey[], scope: SearchScope): Promise<StoredPassage[]>;
}

import type { AskTurn } from "./ask/model";

/** The questions asked of a meeting and their answers, kept with the meeting (deleted with its job). */
export interface AskThreads {
  /** Adds a turn, or replaces the turn with the same id (the answer arriving after the question). */
  put(meetingId: string, turn: AskTurn): Promise<void>;
  /** The meeting's turns, oldest first. */
  list(meetingId: string): Promise<AskTurn[]>;
}

/** Edits of a stored meeting that keep its job: speakers renamed or merged. */
export interface MeetingEditor {
  /**
   * Gives the meeting's speakers new names (`names`: every old name to its new one) in its header
   * and segments, and stores `prepared` (the computed analyses made again) in place of the old one.
   */
  renameSpeakers(
    jobId: string,
    names: Record<string, string>,
    speakers: string[],
    prepared: string,
  ): Promise<void>;
}
