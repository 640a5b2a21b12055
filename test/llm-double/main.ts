/**
 * Runs the LLM test double on its own, for manual end-to-end runs and the container tests:
 *   tsx test/llm-double/main.ts --port 8089 [--delay-ms 200] [--api-key KEY] [--host 0.0.0.0]
 * Point OPENAI_BASE_URL at the printed base URL. In compose, `--host 0.0.0.0` lets other
 * containers reach it.
 */
import { parseArgs } from "node:util";
import { startLlmDouble } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8089" },
    "delay-ms": { type: "string", default: "0" },
    "api-key": { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
  },
});

const port = Number(values.port);
const delayMs = Number(values["delay-ms"]);
if (!Number.isInteger(port) || port < 0 || port > 65_535 || !Number.isFinite(delayMs) || delayMs < 0) {
  console.error(
    "usage: tsx test/llm-double/main.ts --port 8089 [--delay-ms 200] [--api-key KEY] [--host 0.0.0.0]",
  );
  process.exit(2);
}

const double = await startLlmDouble({ port, delayMs, host: values.host, requireApiKey: values["api-key"] });
console.log(`LLM test double listening: ${double.baseURL}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    double.close().then(() => process.exit(0));
  });
}
