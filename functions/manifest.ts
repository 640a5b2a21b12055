import type { TaskName } from "../core/jobs/task";

/**
 * Every deployable function, with its routes or queue. This one list drives the esbuild entry
 * points (one bundle each), the Node host's mounting, the worker's processors and the FaaS
 * handlers, so they cannot drift apart.
 */

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface HttpFunctionSpec {
  name: string;
  kind: "http";
  routes: ReadonlyArray<{ method: Method; path: string }>;
  entry: string;
}

export interface QueueFunctionSpec {
  name: string;
  kind: "queue";
  /** `llm` tasks call the model (rate-limited); `control` tasks are barriers and bookkeeping. */
  queue: "llm" | "control";
  /** The QueueTask name it processes. */
  task: TaskName;
  entry: string;
}

export type FunctionSpec = HttpFunctionSpec | QueueFunctionSpec;

const http = (name: string, routes: Array<[Method, string]>): HttpFunctionSpec => ({
  name,
  kind: "http",
  routes: routes.map(([method, path]) => ({ method, path })),
  entry: `functions/${name}/index.ts`,
});
const queue = (name: QueueFunctionSpec["task"], on: QueueFunctionSpec["queue"]): QueueFunctionSpec => ({
  name,
  kind: "queue",
  queue: on,
  task: name,
  entry: `functions/${name}/index.ts`,
});

export const manifest: readonly FunctionSpec[] = [
  http("health", [
    ["GET", "/health"],
    ["GET", "/api/health"],
  ]),
  http("config", [["GET", "/api/config"]]),
  http("session", [
    ["GET", "/api/session"],
    ["POST", "/api/session"],
    ["DELETE", "/api/session"],
  ]),
  http("analyze", [["POST", "/api/analyze"]]),
  http("analyze-now", [["POST", "/api/analyze-now"]]),
  http("uploads", [["POST", "/api/uploads"]]),
  http("status", [["GET", "/api/status/:jobId"]]),
  http("results", [
    ["GET", "/api/results/:jobId"],
    ["GET", "/api/insights/:jobId"],
  ]),
  http("jobs", [
    ["GET", "/api/jobs"],
    ["GET", "/api/jobs/latest"],
    ["DELETE", "/api/jobs/:jobId"],
    ["POST", "/api/jobs/:jobId/retry"],
  ]),
  http("events", [
    ["GET", "/api/jobs/:jobId/events"],
    ["GET", "/api/ws"],
  ]),
  http("cancel", [["POST", "/api/jobs/:jobId/cancel"]]),
  http("shares", [
    ["POST", "/api/jobs/:jobId/shares"],
    ["GET", "/api/jobs/:jobId/shares"],
    ["DELETE", "/api/jobs/:jobId/shares/:shareId"],
  ]),
  http("job-file", [["GET", "/api/job-file"]]),
  http("export", [["GET", "/api/jobs/:jobId/export"]]),
  http("prompts", [
    ["GET", "/api/prompts"],
    ["POST", "/api/prompts"],
    ["DELETE", "/api/prompts"],
    ["POST", "/api/prompts/reset"],
    ["GET", "/api/prompt-options"],
    ["GET", "/api/prompt-template"],
  ]),
  http("analyzers", [
    ["GET", "/api/analyzers"],
    ["POST", "/api/analyzers"],
    ["GET", "/api/analyzers/:id"],
    ["PUT", "/api/analyzers/:id"],
    ["DELETE", "/api/analyzers/:id"],
  ]),
  http("user-key", [
    ["GET", "/api/user/key"],
    ["POST", "/api/user/key"],
    ["DELETE", "/api/user/key"],
    ["POST", "/api/user/key/validate"],
  ]),
  http("search", [["GET", "/api/search"]]),
  http("ask", [
    ["GET", "/api/jobs/:jobId/ask"],
    ["POST", "/api/jobs/:jobId/ask"],
    ["POST", "/api/ask"],
  ]),
  http("syntheses", [["POST", "/api/syntheses"]]),
  http("speakers", [
    ["PUT", "/api/jobs/:jobId/speakers"],
    ["POST", "/api/jobs/:jobId/speakers"],
  ]),
  http("metrics", [["GET", "/metrics"]]),
  http("ui", [
    ["GET", "/"],
    ["GET", "/assets/:file"],
  ]),
  queue("prepare", "control"),
  queue("run-analyzer", "llm"),
  queue("insights", "llm"),
  queue("close-stage", "control"),
  queue("finalize", "control"),
];

export const httpFunctions = manifest.filter((f): f is HttpFunctionSpec => f.kind === "http");
export const queueFunctions = manifest.filter((f): f is QueueFunctionSpec => f.kind === "queue");
