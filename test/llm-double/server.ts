/**
 * A test double of an OpenAI-compatible LLM service, on node:http and loopback only. It answers
 * the Responses and Chat Completions APIs (plain, or streamed as server-sent events) in the shapes the `openai` SDK parses,
 * records what it was sent, and lets a test decide each answer: text, an HTTP error, a truncated
 * or refused answer, a hang, or a malformed body. Usage is counted with the o200k tokenizer and a
 * simulated prefix cache.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { DEFAULT_PRICING } from "../../core/llm/pricing";
import { countTokens } from "../../core/llm/tokens";
import { chatBody, modelObject, responsesBody } from "./answer-bodies";
import { createPrefixCache } from "./prefix-cache";
import { readAuth, recordRequest } from "./recorded-request";
import { defaultResponder } from "./responders";
import { sendStream } from "./stream-bodies";
import type { RecordedRequest, Reply, ReplyUsage, Responder } from "./types";

export interface LlmDoubleOptions {
  responder?: Responder;
  /** Waited before every answer, on top of a reply's own delayMs. */
  delayMs?: number;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 by default; `0.0.0.0` only for a container that other containers call. */
  host?: string;
  /** What GET /v1/models lists; the priced OpenAI models by default. */
  models?: string[];
  /** When set, a request without this bearer key gets 401 invalid_api_key. */
  requireApiKey?: string;
}

export interface LlmDouble {
  /** `http://127.0.0.1:PORT/v1`, for the SDK's baseURL. */
  baseURL: string;
  /** Completion requests in arrival order (the same array across reset()). */
  requests: RecordedRequest[];
  setResponder(fn: Responder): void;
  /** Forgets requests and cache, restores the default responder. */
  reset(): void;
  close(): Promise<void>;
}

type Api = RecordedRequest["api"];

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function startLlmDouble(options: LlmDoubleOptions = {}): Promise<LlmDouble> {
  const requests: RecordedRequest[] = [];
  const cache = createPrefixCache();
  const models = options.models ?? Object.keys(DEFAULT_PRICING);
  let responder = options.responder ?? defaultResponder;
  let counter = 0;
  let ids = 0;
  const nextId = (prefix: string) => `${prefix}${String(++ids).padStart(6, "0")}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "");
    if (req.method === "GET" && path === "/v1/models") {
      return sendJson(res, 200, { object: "list", data: models.map(modelObject) });
    }
    const modelMatch = /^\/v1\/models\/([^/]+)$/.exec(path);
    if (req.method === "GET" && modelMatch) {
      const id = decodeURIComponent(modelMatch[1]!);
      if (models.includes(id)) return sendJson(res, 200, modelObject(id));
      return sendError(
        res,
        404,
        `The model '${id}' does not exist`,
        "invalid_request_error",
        "model_not_found",
      );
    }
    const api: Api | undefined =
      req.method === "POST" && path === "/v1/responses"
        ? "responses"
        : req.method === "POST" && path === "/v1/chat/completions"
          ? "chat"
          : undefined;
    if (!api)
      return sendError(
        res,
        404,
        `Unknown endpoint ${req.method} ${path}`,
        "invalid_request_error",
        "not_found",
      );

    const auth = readAuth(req.headers.authorization);
    if (options.requireApiKey !== undefined && auth.token !== options.requireApiKey) {
      return sendError(res, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
    }
    let body: Record<string, unknown>;
    try {
      const parsed = JSON.parse(await readBody(req));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not an object");
      body = parsed;
    } catch {
      return sendError(res, 400, "The request body is not a JSON object.", "invalid_request_error", null);
    }
    if (typeof body.model !== "string" || body.model === "") {
      return sendError(res, 400, "you must provide a model parameter", "invalid_request_error", null);
    }
    const recorded = recordRequest(api, body, req.headers.authorization);
    requests.push(recorded);
    const reply = await responder(recorded, counter++);
    await answer(res, api, recorded, reply, arrived + (options.delayMs ?? 0));
  }

  /** Answers at `due` (arrival + the fixed delay), whatever the double's own work took meanwhile. */
  async function answer(
    res: ServerResponse,
    api: Api,
    req: RecordedRequest,
    reply: Reply,
    due: number,
  ): Promise<void> {
    const usageFor = (text: string) => countUsage(req, text, "usage" in reply ? reply.usage : undefined);
    const early = "text" in reply && !("truncate" in reply) ? usageFor(reply.text) : undefined;
    await wait(due - Date.now());
    if ("hang" in reply) return; // the client's timeout ends it
    if ("rawBody" in reply) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(reply.rawBody);
      return;
    }
    if ("status" in reply) {
      return sendError(
        res,
        reply.status,
        reply.error.message,
        reply.error.type ?? "api_error",
        reply.error.code ?? null,
        reply.headers,
      );
    }
    if ("text" in reply && !("truncate" in reply)) await wait(reply.delayMs ?? 0);
    if (res.destroyed) return;
    const text = "refusal" in reply ? "" : (reply.text ?? "The answer was cut off here");
    const usage = early ?? usageFor(text);
    const outcome = "truncate" in reply ? "truncated" : "refusal" in reply ? "refused" : "completed";
    const refusal = "refusal" in reply ? reply.refusal : undefined;
    const input = {
      id: nextId(api === "responses" ? "resp_double_" : "chatcmpl-double-"),
      req,
      text,
      usage,
      outcome,
      refusal,
      msgId: nextId("msg_double_"),
    } as const;
    if (req.body.stream === true && outcome !== "refused") {
      const stream: { breakAfterChars?: number; pieceDelayMs?: number } =
        "text" in reply && !("truncate" in reply) ? reply : {};
      return sendStream(res, api, input, {
        ...(stream.breakAfterChars !== undefined ? { breakAfterChars: stream.breakAfterChars } : {}),
        ...(stream.pieceDelayMs !== undefined ? { pieceDelayMs: stream.pieceDelayMs } : {}),
      });
    }
    const build = api === "responses" ? responsesBody : chatBody;
    sendJson(res, 200, build(input));
  }

  // Calls of one job repeat the same long messages; a real service tokenizes on many machines,
  // this double on one thread, so it remembers recent encodings to keep its own latency flat.
  const encodings = new Map<string, number[]>();
  const encodeOnce = (text: string): number[] => {
    let tokens = encodings.get(text);
    if (!tokens) {
      tokens = encode(text);
      if (encodings.size > 256) encodings.clear();
      encodings.set(text, tokens);
    }
    return tokens;
  };

  function countUsage(
    req: RecordedRequest,
    text: string,
    given: ReplyUsage | undefined,
  ): Required<ReplyUsage> {
    const tokens = req.messages.flatMap((m, i) =>
      encodeOnce(`${i > 0 ? "\n\n" : ""}${m.role}\n${m.content}`),
    );
    const cached = cache.lookup(req.model, req.cacheKey, tokens);
    return {
      inputTokens: given?.inputTokens ?? tokens.length,
      cachedInputTokens: given?.cachedInputTokens ?? cached,
      outputTokens: given?.outputTokens ?? countTokens(text),
      reasoningTokens: given?.reasoningTokens ?? 0,
    };
  }

  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendError(res, 500, `LLM test double failed: ${String(error)}`, "server_error", null);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}/v1`,
    requests,
    setResponder(fn) {
      responder = fn;
    },
    reset() {
      requests.length = 0;
      counter = 0;
      cache.reset();
      responder = options.responder ?? defaultResponder;
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging answers keep their sockets open; end them so close() does not wait forever.
        server.closeAllConnections();
      });
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers?: Record<string, string>,
): void {
  sendJson(res, status, { error: { message, type, param: null, code } }, headers);
}

function wait(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
