import { $ } from "../lib/dom";
import { llmAvailable, onSessionChange, session } from "./session";

/** The top bar's word on the model service, and the notice that only computed analyses will run. */
export function setupLlmStatus(): void {
  const status = $("#llm-status");
  const notice = $("#llm-notice");
  const render = () => {
    const model = session.llm.model;
    if (session.hasApiKey) {
      status.textContent = `Your key …${session.apiKeyLast4 ?? ""}${model ? ` · ${model}` : ""}`;
      status.dataset.state = "ok";
    } else if (session.llm.configured) {
      status.textContent = model ? `Model: ${model}` : "Model service ready";
      status.dataset.state = "ok";
    } else {
      status.textContent = "Computed analyses only";
      status.dataset.state = "off";
    }
    notice.hidden = llmAvailable();
  };
  onSessionChange(render);
  render();
}
