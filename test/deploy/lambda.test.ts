import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpFunctions } from "../../functions/manifest";
import { ROOT } from "../helpers/pipeline-harness";
import { testPostgresDatabase } from "../helpers/postgres-url";
import { type RedisServer, startRedisServer } from "../helpers/redis-server";
import { type LlmDouble, startLlmDouble } from "../llm-double";

/**
 * The built AWS Lambda package (dist/lambda/, made by esbuild.config.ts from the manifest),
 * invoked as Lambda invokes it: API Gateway HTTP API (payload 2.0) events for the HTTP functions
 * and an SQS batch for the queue consumer.
 */

interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
type Handler = (event: unknown, context?: unknown) => Promise<LambdaResult>;
const LAMBDA = path.join(ROOT, "dist", "lambda");
const TRANSCRIPT =
  "Title: Weekly sync\n\nAlice: I'll send the report by Friday.\nBob: We decided to ship on Monday.\n";

/** Each import under its own query is a fresh module: a cold start with the environment of now. */
async function coldStart(name: string, mode: string): Promise<Handler> {
  const file = path.join(LAMBDA, name, "index.mjs");
  return (await import(`${pathToFileURL(file).href}?${mode}`)).handler as Handler;
}

/** What API Gateway (HTTP API, payload format 2.0) sends for a request to the $default stage. */
function httpApiEvent(
  method: string,
  rawPath: string,
  options: { body?: unknown; headers?: Record<string, string>; base64?: boolean } = {},
) {
  const text = options.body === undefined ? undefined : JSON.stringify(options.body);
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: "",
    headers: {
      accept: "application/json",
      host: "abc123.execute-api.eu-west-1.amazonaws.com",
      "user-agent": "curl/8.5.0",
      "x-forwarded-for": "203.0.113.7",
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https",
      ...(text ? { "content-type": "application/json", "content-length": String(text.length) } : {}),
      ...options.headers,
    },
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: "abc123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "abc123",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "curl/8.5.0" },
      requestId: `req-${now}`,
      routeKey: "$default",
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(text === undefined ? {} : { body: options.base64 ? Buffer.from(text).toString("base64") : text }),
    isBase64Encoded: Boolean(options.base64),
  };
}

/** An SQS event source batch as Lambda delivers it. */
function sqsBatch(bodies: Array<[messageId: string, body: string]>) {
  return {
    Records: bodies.map(([messageId, body]) => ({
      messageId,
      receiptHandle: `AQEB${messageId}`,
      body,
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: String(Date.now()),
        SenderId: "AIDAEXAMPLE",
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:transcript-tasks",
      awsRegion: "eu-west-1",
    })),
  };
}

const json = (result: { body: string }) => JSON.parse(result.body);
const UNKNOWN_JOB = "20250101-000000-abcdefgh";

let outputDir: string;
const saved = { ...process.env };
beforeAll(async () => {
  outputDir = await mkdtemp(path.join(os.tmpdir(), "lambda-"));
  Object.assign(process.env, {
    OUTPUT_DIR: outputDir,
    DATA_DIR: path.join(outputDir, "data"),
    // Lambdas share their jobs through one PostgreSQL; PGlite is one process's database.
    DATABASE_URL: await testPostgresDatabase(),
    SESSION_SECRET: "lambda-test-session-secret-0123456789",
    LOG_LEVEL: "silent",
  });
});
afterAll(async () => {
  process.env = saved;
  await rm(outputDir, { recursive: true, force: true });
});

describe("the Lambda package", () => {
  it("has a handler for every HTTP function of the manifest and one for the queue", async () => {
    const names = [...httpFunctions.map((f) => f.name), "queue"];
    const missing = names.filter((n) => !existsSync(path.join(LAMBDA, n, "index.mjs")));
    expect(missing).toEqual([]);
    for (const name of names) expect(typeof (await coldStart(name, "exports"))).toBe("function");
    // Built-in prompts travel with the package: a Lambda has no repository beside it.
    expect(existsSync(path.join(LAMBDA, "prompts", "stage-a", "say-means.md"))).toBe(true);
  });
});

describe("HTTP functions on Lambda without REDIS_URL (PostgreSQL, memory events and queue)", () => {
  beforeAll(() => {
    delete process.env.REDIS_URL;
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
  });

  it("answers health with 200 and JSON", async () => {
    const health = await coldStart("health", "memory");
    const result = await health(httpApiEvent("GET", "/api/health"));
    expect(result.statusCode).toBe(200);
    expect(result.headers["content-type"]).toMatch(/application\/json/);
    expect(json(result)).toMatchObject({ ok: true, mode: "embedded", llm: { configured: false } });
  });

  it("answers the status of an unknown job with 404 in the API's error shape", async () => {
    const status = await coldStart("status", "memory");
    const result = await status(httpApiEvent("GET", `/api/status/${UNKNOWN_JOB}`));
    expect(result.statusCode).toBe(404);
    expect(json(result)).toEqual({
      ok: false,
      error: { code: "job_not_found", message: expect.any(String) },
    });
  });

  it("takes an analysis (body base64-encoded, as API Gateway may send it) with 202 and a job id", async () => {
    const analyze = await coldStart("analyze", "memory");
    const result = await analyze(
      httpApiEvent("POST", "/api/analyze", { body: { transcriptText: TRANSCRIPT }, base64: true }),
    );
    expect(result.statusCode).toBe(202);
    const body = json(result);
    expect(body).toMatchObject({ ok: true, jobId: expect.stringMatching(/^\d{8}-\d{6}-[a-z0-9]{8}$/) });
    expect(result.headers.location).toBe(`/api/status/${body.jobId}`);
  });

  it("answers a route the function does not own with 404 JSON, not a crash", async () => {
    const health = await coldStart("health", "memory");
    const result = await health(httpApiEvent("GET", "/api/nowhere"));
    expect(result.statusCode).toBe(404);
    expect(json(result)).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});

describe("Lambda functions sharing Redis, with the SQS consumer running the tasks", () => {
  let redis: RedisServer;
  let double: LlmDouble;
  let client: Redis;

  beforeAll(async () => {
    redis = await startRedisServer({ appendonly: false });
    double = await startLlmDouble();
    client = new Redis(redis.url, { lazyConnect: true });
    Object.assign(process.env, {
      REDIS_URL: redis.url,
      OPENAI_BASE_URL: double.baseURL,
      OPENAI_API_KEY: "test-key-for-the-double",
    });
  });
  afterAll(async () => {
    client?.disconnect();
    await double?.close();
    await redis?.stop();
  });

  it("runs a task from the batch and reports exactly the malformed message", async () => {
    const analyze = await coldStart("analyze", "redis");
    const status = await coldStart("status", "redis");
    const queue = await coldStart("queue", "redis");

    const created = await analyze(
      httpApiEvent("POST", "/api/analyze", {
        body: { transcriptText: TRANSCRIPT, selected: { stageA: ["say-means"], stageB: [], final: [] } },
      }),
    );
    expect(created.statusCode).toBe(202);
    const { jobId } = json(created);
    // Another function, another container: it sees the job through Redis.
    const queued = await status(httpApiEvent("GET", `/api/status/${jobId}`));
    expect(queued.statusCode).toBe(200);
    expect(json(queued).stages.A.analyzers["say-means"].status).not.toBe("completed");

    // The job's first task (prepare), as SQS would deliver it, then one of the tasks it starts.
    expect(await queue(sqsBatch([["prepare", JSON.stringify({ name: "prepare", jobId })]]))).toEqual({
      batchItemFailures: [],
    });
    const result = await queue(
      sqsBatch([
        ["good", JSON.stringify({ name: "run-analyzer", jobId, stage: "A", analyzerId: "say-means" })],
        ["malformed", '{"name":"run-analyzer","jobId":'],
      ]),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "malformed" }] });
    expect(double.requests.filter((r) => r.analyzer === "say-means")).toHaveLength(1);

    const after = await status(httpApiEvent("GET", `/api/status/${jobId}`));
    expect(json(after).stages.A.analyzers["say-means"]).toMatchObject({ status: "completed" });
  });
});
