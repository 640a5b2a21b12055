import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import OpenAI from "openai";
import * as v from "valibot";
import { beforeAll, describe, expect, it } from "vitest";
import { toStrictJsonSchema } from "../../core/llm/strict-json-schema";
import { countTokens } from "../../core/llm/tokens";
import { analyzerMarker } from "./prompt-reading";
import { byAnalyzer, failTimes, sequence } from "./responders";
import { startLlmDouble } from "./server";
import { useLlmDouble } from "./use-llm-double";

const KEY = "sk-double-test-0000-wxyz";
const llm = useLlmDouble();
let client: OpenAI;

beforeAll(() => {
  client = new OpenAI({ apiKey: KEY, baseURL: llm().baseURL, maxRetries: 0, timeout: 5_000 });
});

/** A meeting fixture rendered as prompts carry it: `[seg-N] Speaker: text`. */
function renderedFixture(name: string): { text: string; segments: Map<string, string> } {
  const lines = readFileSync(new URL(`../fixtures/meetings/${name}.txt`, import.meta.url), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const segments = new Map(lines.map((line, i) => [`seg-${i + 1}`, line]));
  return { text: [...segments].map(([id, line]) => `[${id}] ${line}`).join("\n\n"), segments };
}

const chat = (content: string, extra: Partial<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming> = {}) =>
  client.chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content }], ...extra });

describe("endpoints", () => {
  it("lists and retrieves models, and answers 404 for an unknown one", async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain("gpt-5-mini");
    expect((await client.models.retrieve("gpt-4o")).id).toBe("gpt-4o");
    await expect(client.models.retrieve("no-such-model")).rejects.toMatchObject({ status: 404 });
  });

  it("answers unknown paths with a JSON 404", async () => {
    const res = await fetch(`${llm().baseURL}/embeddings`, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("streams Chat Completions and Responses answers as server-sent events the SDK reads", async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: llm().baseURL, maxRetries: 0 });
    llm().setResponder(() => ({ text: "Three little words." }));
    const chat = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let usage: unknown;
    for await (const chunk of chat) {
      const piece = chunk.choices[0]?.delta?.content;
      if (piece) pieces.push(piece);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe("Three little words.");
    expect(usage).toMatchObject({ completion_tokens: expect.any(Number) });

    const responses = await client.responses.create({ model: "gpt-5-nano", input: "hi", stream: true });
    const deltas: string[] = [];
    let completed = false;
    for await (const event of responses) {
      if (event.type === "response.output_text.delta") deltas.push(event.delta);
      if (event.type === "response.completed") completed = true;
    }
    expect(deltas.join("")).toBe("Three little words.");
    expect(completed).toBe(true);
  });

  it("can require an API key", async () => {
    const guarded = await startLlmDouble({ requireApiKey: KEY });
    try {
      const wrong = new OpenAI({ apiKey: "sk-wrong", baseURL: guarded.baseURL, maxRetries: 0 });
      await expect(
        wrong.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
      ).rejects.toMatchObject({ status: 401, code: "invalid_api_key" });
      const right = new OpenAI({ apiKey: KEY, baseURL: guarded.baseURL, maxRetries: 0 });
      const ok = await right.chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: "hi" }],
      });
      expect(ok.choices[0]?.finish_reason).toBe("stop");
    } finally {
      await guarded.close();
    }
  });

  it("closes promptly even while an answer hangs", async () => {
    const hanging = await startLlmDouble({ responder: () => ({ hang: true }) });
    const c = new OpenAI({ apiKey: KEY, baseURL: hanging.baseURL, maxRetries: 0, timeout: 10_000 });
    const pending = c.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hi" }],
    });
    pending.catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await hanging.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(pending).rejects.toThrow();
  });

  it("delays answers by the configured delay", async () => {
    const slow = await startLlmDouble({ delayMs: 150 });
    try {
      const c = new OpenAI({ apiKey: KEY, baseURL: slow.baseURL, maxRetries: 0 });
      const started = performance.now();
      await c.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await slow.close();
    }
  });
});

describe("recording", () => {
  it("records the Responses API request with instructions first and no full key", async () => {
    await client.responses.create({
      model: "gpt-5-mini",
      instructions: "Be brief.",
      input: [
        { role: "user", content: "Transcript here." },
        { role: "user", content: [{ type: "input_text", text: "Task here." }] },
      ],
      max_output_tokens: 321,
      reasoning: { effort: "low" },
      text: { verbosity: "high" },
      prompt_cache_key: "job-1",
      store: false,
    });
    const [req] = llm().requests;
    expect(req).toMatchObject({
      api: "responses",
      model: "gpt-5-mini",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Transcript here." },
        { role: "user", content: "Task here." },
      ],
      maxOutputTokens: 321,
      reasoningEffort: "low",
      verbosity: "high",
      cacheKey: "job-1",
      auth: { bearer: true, last4: "wxyz" },
    });
    expect(req?.receivedAt).toBeGreaterThan(Date.now() - 10_000);
    expect(JSON.stringify(llm().requests)).not.toContain(KEY);
  });

  it("records a chat request's schema name and the analyzer marker", async () => {
    await chat(`Do the analysis.\n${analyzerMarker("say-means")}`, {
      response_format: { type: "json_schema", json_schema: { name: "verdict", schema: { type: "object" } } },
      max_completion_tokens: 99,
    });
    expect(llm().requests[0]).toMatchObject({
      api: "chat",
      jsonSchemaName: "verdict",
      maxOutputTokens: 99,
      analyzer: "say-means",
    });
  });
});

describe("default answers", () => {
  it("writes Markdown that names the model and cites the transcript's first and last segments", async () => {
    const { text } = renderedFixture("ES2002a");
    const res = await client.responses.create({
      model: "gpt-5-nano",
      input: [
        { role: "user", content: `<transcript>\n${text}\n</transcript>` },
        { role: "user", content: "Cite segments like [seg-12]." },
      ],
    });
    expect(res.output_text).toContain("gpt-5-nano");
    expect(res.output_text).toContain("[seg-1]");
    expect(res.output_text).toContain("[seg-287]");
    expect(res.output_text).not.toContain("[seg-12]");
    expect(res.usage?.output_tokens).toBeGreaterThan(0);
  });

  it("generates JSON that satisfies the request's schema", async () => {
    const Schema = v.object({
      kind: v.picklist(["action", "decision"]),
      score: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
      count: v.pipe(v.number(), v.integer(), v.minValue(3), v.maxValue(9)),
      note: v.optional(v.string()),
      owner: v.nullable(v.string()),
      day: v.pipe(v.string(), v.isoDate()),
      points: v.array(v.object({ text: v.string(), done: v.boolean() })),
    });
    const completion = await chat("Give me JSON.", {
      response_format: {
        type: "json_schema",
        json_schema: { name: "thing", schema: toStrictJsonSchema(Schema), strict: true },
      },
    });
    const value = JSON.parse(completion.choices[0]?.message.content ?? "");
    expect(value.note).toBeNull();
    expect(value.owner).toBeNull();
    expect(value.points.length).toBeGreaterThanOrEqual(1);
    expect(value.points.length).toBeLessThanOrEqual(2);
    const { note: _, ...rest } = value;
    expect(v.safeParse(Schema, rest).issues).toBeUndefined();
  });

  it("grounds insights in the transcript: real segment ids and exact quotes", async () => {
    const { LlmInsightsSchema } = await import("../../core/insights/schema");
    const { text, segments } = renderedFixture("IS1000a");
    const completion = await client.chat.completions.create({
      model: "gpt-4.1-mini",
      messages: [
        { role: "system", content: "Analyst." },
        {
          role: "user",
          content: `<context>\nSay-means found a budget worry [seg-999].\n</context>\n\n<transcript>\n${text}\n</transcript>`,
        },
        { role: "user", content: "Extract insights; cite like [seg-12]." },
      ],
      response_format: {
        type: "json_schema",
        json_schema: { name: "insights", schema: toStrictJsonSchema(LlmInsightsSchema), strict: true },
      },
    });
    const value = v.parse(LlmInsightsSchema, JSON.parse(completion.choices[0]?.message.content ?? ""));
    expect(value.items.length).toBe(2);
    for (const item of value.items) {
      expect(item.evidence.segmentIds).toHaveLength(1);
      const segment = segments.get(item.evidence.segmentIds[0]!);
      expect(segment).toBeDefined();
      expect(item.evidence.quotes[0]!.split(/\s+/).length).toBeGreaterThanOrEqual(3);
      expect(segment).toContain(item.evidence.quotes[0]);
      expect(segment!.startsWith(`${item.evidence.speakers[0]}:`)).toBe(true);
    }
    expect(new Set(value.items.map((i) => i.type)).size).toBe(2);
  });
});

describe("usage and the prefix cache", () => {
  const { text } = renderedFixture("ES2002a");
  const prefix = (() => {
    // 3,000 tokens of real transcript, give or take one segment.
    let out = "";
    for (const block of text.split("\n\n")) {
      if (countTokens(out) >= 3_000) break;
      out += `${block}\n\n`;
    }
    return out;
  })();

  const ask = (model: string, task: string, cacheKey?: string) =>
    client.responses.create({
      model,
      input: [
        { role: "system", content: "Analyst." },
        { role: "user", content: prefix },
        { role: "user", content: task },
      ],
      ...(cacheKey && { prompt_cache_key: cacheKey }),
    });

  it("gives a second request sharing a 3,000-token prefix its cached tokens in blocks of 128", async () => {
    const first = await ask("gpt-5-mini", "Summarize the decisions.");
    const second = await ask("gpt-5-mini", "List the open questions, please.");
    expect(first.usage?.input_tokens).toBeGreaterThan(3_000);
    expect(first.usage?.input_tokens_details.cached_tokens).toBe(0);
    const cached = second.usage?.input_tokens_details.cached_tokens ?? 0;
    expect(cached).toBeGreaterThanOrEqual(2_944);
    expect(cached % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(second.usage?.input_tokens ?? 0);
  });

  it("shares no cache across models or cache keys, and none for a short prefix", async () => {
    await ask("gpt-5-mini", "Task A", "job-1");
    const otherModel = await ask("gpt-5-nano", "Task B", "job-1");
    const otherKey = await ask("gpt-5-mini", "Task C", "job-2");
    const sameKey = await ask("gpt-5-mini", "Task D", "job-1");
    expect(otherModel.usage?.input_tokens_details.cached_tokens).toBe(0);
    expect(otherKey.usage?.input_tokens_details.cached_tokens).toBe(0);
    expect(sameKey.usage?.input_tokens_details.cached_tokens).toBeGreaterThanOrEqual(2_944);

    await chat("A short prompt shared by two calls. One.");
    const short = await chat("A short prompt shared by two calls. Two.");
    expect(short.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  });

  it("counts input tokens over the messages and output tokens of the answer", async () => {
    llm().setResponder(() => ({ text: "hello world" }));
    const res = await chat("The quick brown fox jumps over the lazy dog.");
    expect(res.usage?.completion_tokens).toBe(2);
    // "user\n" + the 10-token sentence.
    expect(res.usage?.prompt_tokens).toBe(12);
  });

  it("lets a responder set usage, including reasoning tokens", async () => {
    llm().setResponder(() => ({ text: "ok", usage: { outputTokens: 500, reasoningTokens: 400 } }));
    const res = await ask("o3", "Think hard.");
    expect(res.usage?.output_tokens).toBe(500);
    expect(res.usage?.output_tokens_details.reasoning_tokens).toBe(400);
  });
});

describe("replies", () => {
  it("truncates with finish_reason length and status incomplete", async () => {
    llm().setResponder(() => ({ truncate: true, text: "cut" }));
    const c = await chat("x");
    expect(c.choices[0]).toMatchObject({ finish_reason: "length", message: { content: "cut" } });
    const r = await client.responses.create({ model: "gpt-5", input: "x" });
    expect(r).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" } });
  });

  it("sends errors with their status, body and headers", async () => {
    llm().setResponder(() => ({
      status: 429,
      error: { message: "slow down", type: "requests", code: "rate_limit_exceeded" },
      headers: { "retry-after": "3" },
    }));
    const error = await chat("x").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", type: "requests" });
    expect((error as { headers: Headers }).headers.get("retry-after")).toBe("3");
  });

  it("failTimes answers with the failure n times, then normally", async () => {
    llm().setResponder(failTimes(2, { status: 500, error: { message: "boom" } }, { text: "fine" }));
    const outcomes = [];
    for (let i = 0; i < 3; i++)
      outcomes.push(
        await chat("x").then(
          (c) => c.choices[0]?.message.content,
          (e) => e.status,
        ),
      );
    expect(outcomes).toEqual([500, 500, "fine"]);
  });

  it("sequence answers in order and repeats the last", async () => {
    llm().setResponder(sequence([{ text: "one" }, { text: "two" }]));
    const texts = [];
    for (let i = 0; i < 3; i++) texts.push((await chat("x")).choices[0]?.message.content);
    expect(texts).toEqual(["one", "two", "two"]);
  });

  it("byAnalyzer answers by the marker in the last message", async () => {
    llm().setResponder(
      byAnalyzer(
        { spin: { text: "SPIN answer" }, looping: () => ({ text: "loop answer" }) },
        { text: "other" },
      ),
    );
    const answer = async (content: string) => (await chat(content)).choices[0]?.message.content;
    expect(await answer(`Analyze.\n${analyzerMarker("spin")}`)).toBe("SPIN answer");
    expect(await answer(`Analyze.\n${analyzerMarker("looping")}`)).toBe("loop answer");
    expect(await answer("Analyze without a marker.")).toBe("other");
  });

  it("reset forgets requests and restores the default responder", async () => {
    llm().setResponder(() => ({ text: "custom" }));
    await chat("x");
    llm().reset();
    expect(llm().requests).toHaveLength(0);
    expect((await chat("x")).choices[0]?.message.content).toContain("gpt-4.1-mini");
  });
});

describe("main.ts", () => {
  it("runs standalone and prints its base URL", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/llm-double/main.ts", "--port", "0"], {
      cwd: new URL("../..", import.meta.url),
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const baseURL = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const res = await fetch(`${baseURL}/models`);
      expect(res.status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
