/**
 * Runs the LLM test double on its own, for manual end-to-end runs and the container tests:
 *   tsx test/llm-double/main.ts --port 8089 [--delay-ms 200] [--api-key KEY] [--host 0.0.0.0]
 *     [--answer-tokens 1200] [--local] [--context-tokens 8192] [--no-usage]
 * Point OPENAI_BASE_URL at the printed base URL. In compose, `--host 0.0.0.0` lets other
 * containers reach it. `--answer-tokens` pads the Markdown answers to about that many tokens (as
 * long as real analyses, for benchmarks); `--local` answers as a local server would.
 */
import { parseArgs } from "node:util";
import { paddedAnswers } from "./responders";
import { startLlmDouble } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8089" },
    "delay-ms": { type: "string", default: "0" },
    "api-key": { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    "answer-tokens": { type: "string", default: "0" },
    local: { type: "boolean", default: false },
    "context-tokens": { type: "string", default: "8192" },
    "no-usage": { type: "boolean", default: false },
  },
});

const port = Number(values.port);
const delayMs = Number(values["delay-ms"]);
const answerTokens = Number(values["answer-tokens"]);
const contextTokens = Number(values["context-tokens"]);
const counts = [delayMs, answerTokens, contextTokens];
if (
  !Number.isInteger(port) ||
  port < 0 ||
  port > 65_535 ||
  counts.some((n) => !Number.isFinite(n) || n < 0)
) {
  console.error(
    "usage: tsx test/llm-double/main.ts --port 8089 [--delay-ms 200] [--api-key KEY] [--host 0.0.0.0] [--answer-tokens N] [--local] [--context-tokens N] [--no-usage]",
  );
  process.exit(2);
}

const double = await startLlmDouble({
  port,
  delayMs,
  host: values.host,
  requireApiKey: values["api-key"],
  ...(answerTokens > 0 ? { responder: paddedAnswers(answerTokens) } : {}),
  ...(values.local ? { local: { contextTokens, usage: !values["no-usage"] } } : {}),
});
console.log(`LLM test double listening: ${double.baseURL}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    double.close().then(() => process.exit(0));
  });
}
