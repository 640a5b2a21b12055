import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, scrubSecrets } from "./logger";

/** A logger whose every line is kept, parsed, for the test to read. */
function capture(level = "debug") {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      done();
    },
  });
  return { log: createLogger("test", level, sink), raw, lines: () => raw.map((l) => JSON.parse(l)) };
}

const API_KEY = "sk-proj-SECRETKEY0123456789";
const BEARER = "Bearer api-token-SECRET-42";
const COOKIE = "ta_session=SIGNEDSESSIONCOOKIE";
const SEALED = "v1.SEALEDAPIKEYCIPHERTEXT";
const TRANSCRIPT = "Alice: our SECRET-ACQUISITION-PLAN is due Friday";
const SECRETS = [
  "SECRETKEY0123456789",
  "api-token-SECRET-42",
  "SIGNEDSESSIONCOOKIE",
  "SEALEDAPIKEYCIPHERTEXT",
  "SECRET-ACQUISITION-PLAN",
];

describe("createLogger", () => {
  it("never writes an API key, Authorization header, cookie, a session's encrypted key or transcript text", () => {
    const { log, raw } = capture();
    log.info({ apiKey: API_KEY }, "top level");
    log.info({ config: { llm: { apiKey: API_KEY } } }, "nested in config");
    log.info({ env: { OPENAI_API_KEY: API_KEY } }, "environment");
    log.warn({ headers: { authorization: BEARER, cookie: COOKIE } }, "headers");
    log.warn({ req: { method: "GET", headers: { Authorization: BEARER, Cookie: COOKIE } } }, "request");
    log.info({ res: { headers: { "set-cookie": COOKIE } } }, "response");
    log.info({ session: { id: "s1", csrf: "c", encryptedApiKey: SEALED, apiKeyLast4: "6789" } }, "session");
    log.info({ body: { transcriptText: TRANSCRIPT, selected: { stageA: ["soul"] } } }, "body");
    log.debug({ job: { input: { credentials: SEALED, transcriptText: TRANSCRIPT } } }, "deep");
    log.info({ transcript: { segments: [{ id: "seg-1", text: TRANSCRIPT }] } }, "parsed transcript");
    log.info({ items: [{ apiKey: API_KEY }, { token: BEARER }] }, "in an array");
    log.child({ apiKey: API_KEY }).info({}, "child binding");
    const written = raw.join("");
    expect(raw).toHaveLength(12);
    for (const secret of SECRETS) expect(written).not.toContain(secret);
  });

  it("scrubs the fields of a logged error and of its cause, keeping its message and type", () => {
    const { log, lines } = capture();
    const cause = Object.assign(new Error("upstream refused"), { headers: { authorization: BEARER } });
    const err = Object.assign(new Error("call failed", { cause }), { apiKey: API_KEY, code: "llm_auth" });
    log.error({ err, jobId: "20250101-120000-abcdef0123456789abcdef01" }, "task failed");
    const [line] = lines();
    expect(JSON.stringify(line)).not.toContain("api-token-SECRET-42");
    expect(JSON.stringify(line)).not.toContain("SECRETKEY0123456789");
    expect(line).toMatchObject({
      level: "error",
      jobId: "20250101-120000-abcdef0123456789abcdef01",
      err: {
        type: "Error",
        message: expect.stringContaining("call failed"),
        code: "llm_auth",
        apiKey: "[redacted]",
      },
    });
  });

  it("keeps what an operator needs: ids, counts, codes and the redacted key's place", () => {
    const { log, lines } = capture();
    log.info(
      {
        requestId: "req-1",
        jobId: "20250101-120000-abcdef0123456789abcdef01",
        usage: { inputTokens: 12 },
        apiKey: API_KEY,
      },
      "done",
    );
    expect(lines()[0]).toMatchObject({
      name: "test",
      msg: "done",
      requestId: "req-1",
      jobId: "20250101-120000-abcdef0123456789abcdef01",
      usage: { inputTokens: 12 },
      apiKey: "[redacted]",
    });
  });

  it("leaves the caller's object as it was", () => {
    const { log } = capture();
    const session = { id: "s1", encryptedApiKey: SEALED };
    log.info({ session }, "session");
    expect(session.encryptedApiKey).toBe(SEALED);
    expect(scrubSecrets({ session })).toEqual({ session: { id: "s1", encryptedApiKey: "[redacted]" } });
  });
});
