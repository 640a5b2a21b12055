import type { LlmCapabilities } from "../../../../core/llm/capabilities";
import { api, type HealthReport } from "../lib/api";
import { $ } from "../lib/dom";
import { llmAvailable, onSessionChange, session } from "./session";

/**
 * The top bar's word on the model service, and the notice that only computed analyses will run.
 * The health report adds which server answers and what it supports (context window, how JSON is
 * asked for, whether usage is reported, how calls are paced), shown on hover and in `data-` fields.
 */
export function setupLlmStatus(): void {
  const status = $("#llm-status");
  const notice = $("#llm-notice");
  let models: LlmCapabilities[] = [];
  const render = () => {
    const model = session.llm.model;
    const where = models.some((m) => m.local) ? " · local server" : "";
    if (session.hasApiKey) {
      status.textContent = `Your key …${session.apiKeyLast4 ?? ""}${model ? ` · ${model}` : ""}`;
      status.dataset.state = "ok";
    } else if (session.llm.configured) {
      status.textContent = `${model ? `Model: ${model}` : "Model service ready"}${where}`;
      status.dataset.state = "ok";
    } else {
      status.textContent = "Computed analyses only";
      status.dataset.state = "off";
    }
    if (models.length > 0 && llmAvailable()) {
      status.title = models.map(describe).join("\n");
      status.dataset.server = models[0]!.server;
      status.dataset.context = String(models[0]!.contextWindow);
    } else status.removeAttribute("title");
    notice.hidden = llmAvailable();
  };
  onSessionChange(render);
  render();
  void loadHealth().then((report) => {
    models = report?.llm.models ?? [];
    render();
  });
}

/** The health report, or nothing when it cannot be had (the status line then says less). */
async function loadHealth(): Promise<HealthReport | undefined> {
  try {
    return await api.health();
  } catch {
    return undefined;
  }
}

const n = (x: number) => x.toLocaleString("en");

/** One model as a line: `gpt-5-mini at http://… · context 8,192 tokens (LLM_CONTEXT_TOKENS) · …`. */
export function describe(m: LlmCapabilities): string {
  const pace = [
    m.concurrency === null
      ? null
      : m.concurrency === 1
        ? "one call at a time"
        : `${m.concurrency} calls at once`,
    m.requestsPerMinute === null ? null : `${n(m.requestsPerMinute)} calls a minute`,
    m.tokensPerMinute === null ? null : `${n(m.tokensPerMinute)} tokens a minute`,
  ].filter(Boolean);
  return [
    `${m.model} at ${m.server}${m.local ? " (local)" : ""}${m.answeredBy && m.answeredBy !== m.model ? `, answered as ${m.answeredBy}` : ""}`,
    `context ${n(m.contextWindow)} tokens (${m.contextSource})`,
    `${m.api === "chat" ? "Chat Completions" : "Responses API"}`,
    m.structuredOutput ? `JSON: ${m.structuredOutput}` : null,
    m.usage === "missing"
      ? "usage not reported: counted here, estimated"
      : m.usage === "reported"
        ? "usage reported"
        : null,
    m.inputCutAt ? `cut input at ${n(m.inputCutAt)} tokens` : null,
    pace.length > 0 ? pace.join(", ") : "no limit on calls at once",
  ]
    .filter(Boolean)
    .join(" · ");
}
