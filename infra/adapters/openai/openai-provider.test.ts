import { createServer } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { describe, expect, it } from "vitest";
import { LlmError } from "../../../core/errors";
import type { LlmMessage, LlmRequest } from "../../../core/ports";
import { sequence } from "../../../test/llm-double/responders";
import { useLlmDouble } from "../../../test/llm-double/use-llm-double";
import { createOpenAiProvider, type OpenAiProviderConfig } from "./openai-provider";

const API_KEY = "sk-test-secret-key-7f3a9c1d";

const llm = useLlmDouble();
let waits: number[];

function provider(overrides: Partial<OpenAiProviderConfig> = {}) {
  waits = [];
  return createOpenAiProvider({
    apiKey: API_KEY,
    baseURL: llm().baseURL,
    apiStyle: "auto",
    timeoutMs: 5_000,
    maxAttempts: 3,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    // Backoff is recorded, not waited.
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
}

const messages: LlmMessage[] = [
  { role: "system", content: "You are a careful meeting analyst." },
  {
    role: "user",
    content: "<transcript>\n[seg-1] Ann: We ship on Friday.\n\n[seg-2] Bo: Agreed.\n</transcript>",
  },
  { role: "user", content: "List the decisions." },
];

const ask = (model: string, extra: Partial<LlmRequest> = {}): LlmRequest => ({ model, messages, ...extra });

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe("API style", () => {
  it.each([
    ["gpt-5", "responses"],
    ["gpt-5-mini-2025-08-07", "responses"],
    ["o3", "responses"],
    ["o4-mini", "responses"],
    ["gpt-4.1-mini", "chat"],
    ["gpt-4o", "chat"],
    ["llama3.1:8b", "chat"],
  ])("auto sends %s to the %s API", async (model, api) => {
    const result = await provider().complete(ask(model));
    expect(llm().requests.map((r) => r.api)).toEqual([api]);
    expect(result.model).toBe(model);
    expect(result.text).toContain("[seg-1]");
  });

  it("follows a configured style over the model's default", async () => {
    await provider({ apiStyle: "chat" }).complete(ask("gpt-5"));
    await provider({ apiStyle: "responses" }).complete(ask("gpt-4.1"));
    expect(llm().requests.map((r) => [r.model, r.api])).toEqual([
      ["gpt-5", "chat"],
      ["gpt-4.1", "responses"],
    ]);
  });
});

describe("request mapping", () => {
  const schema = {
    type: "object",
    properties: { x: { type: "string" } },
    required: ["x"],
    additionalProperties: false,
  };

  it("sends messages in order with the Responses API options", async () => {
    llm().setResponder(() => ({ text: '{"x":"y"}' }));
    await provider({ defaultVerbosity: "low" }).complete(
      ask("gpt-5-mini", {
        maxOutputTokens: 900,
        reasoningEffort: "minimal",
        cacheKey: "job-42",
        jsonSchema: { name: "answer", schema },
      }),
    );
    const [req] = llm().requests;
    expect(req?.messages).toEqual(messages);
    expect(req).toMatchObject({
      api: "responses",
      maxOutputTokens: 900,
      reasoningEffort: "minimal",
      verbosity: "low",
      cacheKey: "job-42",
      jsonSchemaName: "answer",
      jsonSchema: schema,
    });
    expect(req?.body.store).toBe(false);
    expect(req?.body.text).toMatchObject({ format: { type: "json_schema", strict: true } });
  });

  it("sends messages in order with the Chat Completions options", async () => {
    llm().setResponder(() => ({ text: '{"x":"y"}' }));
    await provider({ apiStyle: "chat" }).complete(
      ask("o4-mini", {
        maxOutputTokens: 700,
        reasoningEffort: "high",
        cacheKey: "job-7",
        jsonSchema: { name: "answer", schema },
      }),
    );
    const [req] = llm().requests;
    expect(req?.messages).toEqual(messages);
    expect(req).toMatchObject({
      api: "chat",
      maxOutputTokens: 700,
      reasoningEffort: "high",
      cacheKey: "job-7",
    });
    expect(req?.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "answer", schema, strict: true },
    });
  });

  it("sends no reasoning effort or verbosity to models that reject them", async () => {
    const p = provider({ defaultReasoningEffort: "high", defaultVerbosity: "low" });
    await p.complete(ask("gpt-4.1-mini"));
    await p.complete(ask("gpt-4o", { reasoningEffort: "low" }));
    await provider({ apiStyle: "responses", defaultReasoningEffort: "high" }).complete(ask("gpt-4.1"));
    for (const req of llm().requests) {
      expect(req.reasoningEffort).toBeUndefined();
      expect(req.verbosity).toBeUndefined();
    }
  });

  it("uses the configured default reasoning effort for reasoning models", async () => {
    await provider({ defaultReasoningEffort: "low" }).complete(ask("gpt-5"));
    expect(llm().requests[0]?.body.reasoning).toEqual({ effort: "low" });
  });

  it("sends the key as a bearer token and the double keeps only its last 4 characters", async () => {
    await provider().complete(ask("gpt-5-nano"));
    const [req] = llm().requests;
    expect(req?.auth).toEqual({ bearer: true, last4: "9c1d" });
    expect(JSON.stringify(llm().requests)).not.toContain(API_KEY);
  });
});

describe("usage", () => {
  const usage = { inputTokens: 5000, cachedInputTokens: 3072, outputTokens: 420, reasoningTokens: 256 };

  it.each(["gpt-5", "gpt-4.1"])("maps the service's token counts for %s", async (model) => {
    llm().setResponder(() => ({ text: "Done.", usage }));
    const result = await provider().complete(ask(model));
    expect(result).toEqual({ text: "Done.", model, usage, attempts: 1 });
  });

  it("reports cached input when calls share a long prefix", async () => {
    const transcript = Array.from(
      { length: 400 },
      (_, i) => `[seg-${i + 1}] Ann: point number ${i} about the budget.`,
    );
    const long: LlmMessage[] = [
      { role: "system", content: "Analyst." },
      { role: "user", content: transcript.join("\n\n") },
    ];
    const p = provider();
    const first = await p.complete({
      model: "gpt-5-mini",
      messages: [...long, { role: "user", content: "Task A" }],
    });
    const second = await p.complete({
      model: "gpt-5-mini",
      messages: [...long, { role: "user", content: "Task B" }],
    });
    expect(first.usage.cachedInputTokens).toBe(0);
    expect(second.usage.cachedInputTokens).toBeGreaterThan(second.usage.inputTokens - 200);
    expect(second.usage.cachedInputTokens % 128).toBe(0);
  });
});

describe("truncation and refusals", () => {
  it.each(["gpt-5", "gpt-4o-mini"])(
    "a cut-off answer from %s is llm_truncated, never a result",
    async (model) => {
      llm().setResponder(() => ({ truncate: true, text: "## Decisions\n- We ship on" }));
      const error = await failure(provider().complete(ask(model, { maxOutputTokens: 50 })));
      expect(error.code).toBe("llm_truncated");
      expect(error.retryable).toBe(false);
      expect(error.message).toContain("50 tokens");
      expect(llm().requests).toHaveLength(1);
    },
  );

  it.each(["gpt-5", "gpt-4o-mini"])("a refusal from %s is a bad request, not a result", async (model) => {
    llm().setResponder(() => ({ refusal: "I can't help with that." }));
    const error = await failure(provider().complete(ask(model)));
    expect(error.code).toBe("llm_bad_request");
    expect(error.message).toContain("I can't help with that.");
    expect(error.retryable).toBe(false);
  });
});

describe("errors and retries", () => {
  const rateLimited = (headers: Record<string, string>) => ({
    status: 429,
    error: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" },
    headers,
  });

  it("waits as long as Retry-After (seconds) says, then succeeds", async () => {
    llm().setResponder(sequence([rateLimited({ "retry-after": "7" }), { text: "ok" }]));
    const result = await provider().complete(ask("gpt-5-mini"));
    expect(result.attempts).toBe(2);
    expect(waits).toEqual([7000]);
  });

  it("reads retry-after-ms and an HTTP-date Retry-After", async () => {
    llm().setResponder(
      sequence([
        rateLimited({ "retry-after-ms": "1500" }),
        rateLimited({ "retry-after": new Date(Date.now() + 30_000).toUTCString() }),
        { text: "ok" },
      ]),
    );
    const result = await provider().complete(ask("gpt-4.1-mini"));
    expect(result.attempts).toBe(3);
    expect(waits[0]).toBe(1500);
    expect(waits[1]).toBeGreaterThan(27_000);
    expect(waits[1]).toBeLessThanOrEqual(30_000);
  });

  it("does not retry a 429 for exhausted quota", async () => {
    llm().setResponder(() => ({
      status: 429,
      error: {
        message: "You exceeded your current quota",
        type: "insufficient_quota",
        code: "insufficient_quota",
      },
    }));
    const error = await failure(provider().complete(ask("gpt-5")));
    expect(error).toMatchObject({ code: "llm_rate_limited", retryable: false, status: 429 });
    expect(error.message).toMatch(/quota/);
    expect(llm().requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("retries a 500 and returns the answer that follows", async () => {
    llm().setResponder(
      sequence([
        { status: 500, error: { message: "The server had an error", type: "server_error" } },
        { text: "fine" },
      ]),
    );
    const result = await provider().complete(ask("gpt-4o"));
    expect(result).toMatchObject({ text: "fine", attempts: 2 });
    expect(llm().requests).toHaveLength(2);
    // Full jitter: half of the first cap (baseDelayMs) with random() = 0.5.
    expect(waits).toEqual([50]);
  });

  it("gives up after maxAttempts on a persistent 503 and says so", async () => {
    llm().setResponder(() => ({
      status: 503,
      error: { message: "Service unavailable", type: "server_error" },
    }));
    const error = await failure(provider({ maxAttempts: 3 }).complete(ask("gpt-4o")));
    expect(error).toMatchObject({ code: "llm_server_error", retryable: true, status: 503 });
    expect(error.message).toContain("Gave up after 3 attempts");
    expect(llm().requests).toHaveLength(3);
    expect(waits).toEqual([50, 100]);
  });

  it("does not retry a 401 and never shows the key", async () => {
    llm().setResponder(() => ({
      status: 401,
      error: {
        message: `Incorrect API key provided: ${API_KEY}.`,
        type: "invalid_request_error",
        code: "invalid_api_key",
      },
    }));
    const error = await failure(provider().complete(ask("gpt-5")));
    expect(error).toMatchObject({ code: "llm_auth", retryable: false });
    expect(error.message).toContain("OPENAI_API_KEY");
    expect(error.message).not.toContain(API_KEY);
    expect(llm().requests).toHaveLength(1);
  });

  it.each([
    [400, "llm_bad_request", false],
    [403, "llm_auth", false],
    [404, "llm_bad_request", false],
    [422, "llm_bad_request", false],
    [408, "llm_server_error", true],
    [409, "llm_server_error", true],
    [502, "llm_server_error", true],
  ] as const)("maps HTTP %i to %s (retryable %s)", async (status, code, retryable) => {
    llm().setResponder(() => ({ status, error: { message: `echo ${API_KEY}`, type: "x" } }));
    const error = await failure(provider({ maxAttempts: 1 }).complete(ask("gpt-4.1")));
    expect(error).toMatchObject({ code, retryable, status });
    expect(error.message).not.toContain(API_KEY);
  });

  it("turns a malformed body into a retryable server error", async () => {
    llm().setResponder(sequence([{ rawBody: "<html>Bad gateway" }, { text: "recovered" }]));
    const result = await provider().complete(ask("gpt-4.1-nano"));
    expect(result).toMatchObject({ text: "recovered", attempts: 2 });
  });

  it("ends a hanging call with llm_timeout within the configured timeout", async () => {
    llm().setResponder(() => ({ hang: true }));
    const started = performance.now();
    const error = await failure(provider({ timeoutMs: 200, maxAttempts: 2 }).complete(ask("gpt-5-mini")));
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ code: "llm_timeout", retryable: true });
    expect(error.message).toContain("200 ms");
    expect(llm().requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("reports a refused connection as llm_connection, retryable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(
      provider({ baseURL: `http://127.0.0.1:${port}/v1`, maxAttempts: 2 }).complete(ask("gpt-4o")),
    );
    expect(error).toMatchObject({ code: "llm_connection", retryable: true });
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain("refused");
    expect(waits).toHaveLength(1);
  });

  it("reports a connection the server drops as llm_connection, retryable", async () => {
    const dropping = createNetServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, "127.0.0.1", resolve));
    const { port } = dropping.address() as AddressInfo;
    try {
      const error = await failure(
        provider({ baseURL: `http://127.0.0.1:${port}/v1`, maxAttempts: 1 }).complete(ask("gpt-4o")),
      );
      expect(error).toMatchObject({ code: "llm_connection", retryable: true });
    } finally {
      await new Promise((resolve) => dropping.close(resolve));
    }
  });

  it("stops at once when the caller aborts", async () => {
    llm().setResponder(() => ({ hang: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await provider({ timeoutMs: 5_000 })
      .complete(ask("gpt-5", { signal: controller.signal }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "cancelled" });
    expect(llm().requests).toHaveLength(1);
  });
});

describe("configuration", () => {
  it("without a key and a base URL, a call is llm_not_configured and nothing is sent", async () => {
    const p = provider({ apiKey: undefined, baseURL: undefined });
    const error = await failure(p.complete(ask("gpt-5")));
    expect(error).toMatchObject({ code: "llm_not_configured", retryable: false });
    expect(llm().requests).toHaveLength(0);
  });

  it("works with a keyless local server and sends no Authorization header", async () => {
    const result = await provider({ apiKey: undefined }).complete(ask("llama3.1:8b"));
    expect(result.text).toContain("llama3.1:8b");
    expect(llm().requests[0]?.auth).toEqual({ bearer: false });
  });
});
