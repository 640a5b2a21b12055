/**
 * A test double of an OpenAI-compatible LLM service, on node:http and loopback only. It answers
 * the Responses and Chat Completions APIs (plain, or streamed as server-sent events) in the shapes the `openai` SDK parses,
 * records what it was sent, and lets a test decide each answer: text, an HTTP error, a truncated
 * or refused answer, a hang, or a malformed body. Usage is counted with the o200k tokenizer and a
 * simulated prefix cache.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { decode, encode } from "gpt-tokenizer/encoding/o200k_base";
import { DEFAULT_PRICING } from "../../core/llm/pricing";
import { countTokens } from "../../core/llm/tokens";
import { chatBody, modelObject, responsesBody } from "./answer-bodies";
import { createPrefixCache, type TokenLines, tokenCount } from "./prefix-cache";
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
  /** Behaves as a local OpenAI-compatible server (Ollama, llama.cpp, LM Studio) instead of OpenAI's service. */
  local?: LocalServerOptions;
}

/**
 * The "local server" profile: Chat Completions only (the Responses API answers 404), the strict
 * `json_schema` response format refused with a 400 (JSON mode works), a context window that cuts
 * a longer input from the front without an error (its usage then says how little it read), no
 * prompt cache, and one request answered at a time.
 */
export interface LocalServerOptions {
  /** Input tokens it reads (8,192 by default). */
  contextTokens?: number;
  /** Whether answers carry usage (true by default); some servers send none. */
  usage?: boolean;
  /** Whether GET /v1/models states the context size (vLLM's `max_model_len`); false by default. */
  listContext?: boolean;
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
  /** The most completion requests it held at once (arrived, not yet answered). */
  maxInFlight(): number;
}

type Api = RecordedRequest["api"];

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function startLlmDouble(options: LlmDoubleOptions = {}): Promise<LlmDouble> {
  const requests: RecordedRequest[] = [];
  const cache = createPrefixCache();
  const local = options.local
    ? { contextTokens: 8_192, usage: true, listContext: false, ...options.local }
    : undefined;
  const models = options.models ?? (local ? ["llama3.1:8b"] : Object.keys(DEFAULT_PRICING));
  const listed = (id: string) =>
    local?.listContext ? { ...modelObject(id), max_model_len: local.contextTokens } : modelObject(id);
  // A local server answers one request at a time; the rest wait their turn.
  let turn: Promise<void> = Promise.resolve();
  let inFlight = 0;
  let maxInFlight = 0;
  let responder = options.responder ?? defaultResponder;
  let counter = 0;
  let ids = 0;
  const nextId = (prefix: string) => `${prefix}${String(++ids).padStart(6, "0")}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "");
    if (req.method === "GET" && path === "/v1/models") {
      return sendJson(res, 200, { object: "list", data: models.map(listed) });
    }
    const modelMatch = /^\/v1\/models\/([^/]+)$/.exec(path);
    if (req.method === "GET" && modelMatch) {
      const id = decodeURIComponent(modelMatch[1]!);
      if (models.includes(id)) return sendJson(res, 200, listed(id));
      return sendError(
        res,
        404,
        `The model '${id}' does not exist`,
        "invalid_request_error",
        "model_not_found",
      );
    }
    const api: Api | undefined =
      req.method === "POST" && path === "/v1/responses" && !local
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
    if (local && recorded.responseFormat === "json_schema") {
      return sendError(
        res,
        400,
        "response_format type 'json_schema' is not supported by this server",
        "invalid_request_error",
        null,
      );
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (!local) {
        const reply = await responder(recorded, counter++);
        return await answer(res, api, recorded, reply, arrived + (options.delayMs ?? 0));
      }
      const mine = turn.then(async () => {
        const { seen, readTokens } = cutToContext(recorded, local.contextTokens);
        const reply = await responder(seen, counter++);
        await answer(res, api, seen, reply, Date.now() + (options.delayMs ?? 0), readTokens);
      });
      turn = mine.catch(() => {});
      await mine;
    } finally {
      inFlight--;
    }
  }

  /**
   * What a local server with a `contextTokens` window reads of a request: the last tokens that
   * fit, earlier messages dropped and the one at the cut keeping its tail, as Ollama does.
   */
  function cutToContext(req: RecordedRequest, contextTokens: number) {
    const encoded = req.messages.map((m, i) => encodeOnce(`${i > 0 ? "\n\n" : ""}${m.role}\n${m.content}`));
    const total = encoded.reduce((n, t) => n + t.length, 0);
    if (total <= contextTokens) return { seen: req, readTokens: total };
    const messages: RecordedRequest["messages"] = [];
    let room = contextTokens;
    for (let i = req.messages.length - 1; i >= 0 && room > 0; i--) {
      const tokens = encoded[i]!;
      const m = req.messages[i]!;
      if (tokens.length <= room) messages.unshift(m);
      else messages.unshift({ role: m.role, content: decode(tokens.slice(tokens.length - room)) });
      room -= tokens.length;
    }
    return { seen: { ...req, messages }, readTokens: contextTokens };
  }

  /** Answers at `due` (arrival + the fixed delay), whatever the double's own work took meanwhile. */
  async function answer(
    res: ServerResponse,
    api: Api,
    req: RecordedRequest,
    reply: Reply,
    due: number,
    readTokens?: number,
  ): Promise<void> {
    const usageFor = (text: string) => {
      const usage = countUsage(req, text, "usage" in reply ? reply.usage : undefined);
      // A local server reports what it read, and has no prompt cache.
      return readTokens === undefined ? usage : { ...usage, inputTokens: readTokens, cachedInputTokens: 0 };
    };
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
    const body = build(input);
    if (local && !local.usage) delete body.usage;
    sendJson(res, 200, body);
  }

  // Calls of one job repeat the same long messages, or the same transcript inside messages that
  // differ; a real service tokenizes on many machines, this double on one thread, where encoding
  // a one-hour meeting takes ~8 ms and holds up every request that arrives meanwhile (each then
  // looks that much later to its caller). So it remembers recent encodings, of whole messages and
  // of their lines: text is cut after a line break where neither a space nor a "/" follows, a point
  // o200k's pre-split never crosses, so the tokens are the same as the whole's.
  const encodings = new Map<string, TokenLines>();
  const lines = new Map<string, number[]>();
  const encodeLine = (text: string): number[] => {
    let tokens = lines.get(text);
    if (!tokens) {
      tokens = encode(text);
      if (lines.size > 200_000) lines.clear();
      lines.set(text, tokens);
    }
    return tokens;
  };
  /** A message's tokens as the list of its lines' (shared, cached) token arrays. */
  const linesOf = (text: string): TokenLines => {
    let tokens = encodings.get(text);
    if (!tokens) {
      tokens = text.split(/(?<=\n)(?=[^\s/])/).map(encodeLine);
      if (encodings.size > 256) encodings.clear();
      encodings.set(text, tokens);
    }
    return tokens;
  };
  const encodeOnce = (text: string): number[] => linesOf(text).flat();

  function countUsage(
    req: RecordedRequest,
    text: string,
    given: ReplyUsage | undefined,
  ): Required<ReplyUsage> {
    const tokens = req.messages.flatMap((m, i) => linesOf(`${i > 0 ? "\n\n" : ""}${m.role}\n${m.content}`));
    const cached = cache.lookup(req.model, req.cacheKey, tokens);
    return {
      inputTokens: given?.inputTokens ?? tokenCount(tokens),
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
    maxInFlight: () => maxInFlight,
    reset() {
      requests.length = 0;
      counter = 0;
      maxInFlight = 0;
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
