/**
 * The browser session: who is signed in, the CSRF token, the model service and the session's own
 * OpenAI key. The page asks for a token before anything else when the server requires one.
 */
import { api, errorText, setCsrf } from "./api.js";
import { $, announce } from "./dom.js";

export const session = {
  authRequired: false,
  authenticated: false,
  hasApiKey: false,
  apiKeyLast4: undefined,
  llm: { configured: false, model: "" },
};

export async function loadSession() {
  const answer = await api("/api/session");
  Object.assign(session, {
    authRequired: Boolean(answer.authRequired),
    authenticated: Boolean(answer.authenticated),
    hasApiKey: Boolean(answer.hasApiKey),
    apiKeyLast4: answer.apiKeyLast4 ?? undefined,
    llm: answer.llm ?? { configured: false, model: "" },
  });
  setCsrf(answer.csrf);
  renderLlmStatus();
  return session;
}

export const needsSignIn = () => session.authRequired && !session.authenticated;
/** Prompt analyzers run with the server's model service or the session's own key. */
export const llmAvailable = () => Boolean(session.llm?.configured || session.hasApiKey);

/** Wires the sign-in form; `onSignedIn` runs once the server accepts a token. */
export function setupSignIn(onSignedIn) {
  const form = $("#signin-form");
  const input = $("#signin-token");
  const error = $("#signin-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const token = input.value.trim();
    if (!token) {
      error.textContent = "Enter your API token.";
      input.focus();
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const answer = await api("/api/session", { method: "POST", json: { token } });
      if (answer.csrf) setCsrf(answer.csrf);
      input.value = "";
      await loadSession();
      onSignedIn();
    } catch (e) {
      error.textContent = errorText(e);
      input.select();
    } finally {
      button.disabled = false;
    }
  });
}

export function renderLlmStatus() {
  const status = $("#llm-status");
  const model = session.llm?.model;
  if (session.hasApiKey) {
    status.textContent = `Your key …${session.apiKeyLast4 ?? ""}${model ? ` · ${model}` : ""}`;
    status.dataset.state = "ok";
  } else if (session.llm?.configured) {
    status.textContent = model ? `Model: ${model}` : "Model service ready";
    status.dataset.state = "ok";
  } else {
    status.textContent = "Computed analyses only";
    status.dataset.state = "off";
  }
  $("#llm-notice").hidden = llmAvailable();
  window.dispatchEvent(new Event("ta:llm"));
}

/** The "Your OpenAI key" dialog: shows only the key's last four characters, sets and removes it. */
export function setupKeyDialog() {
  const dialog = $("#key-dialog");
  const form = $("#key-form");
  const input = $("#key-input");
  const error = $("#key-error");
  const state = $("#key-state");
  const remove = $("#key-remove");
  const save = $("#key-save");

  const show = (hasKey, last4, note = "") => {
    state.textContent = hasKey
      ? `A key ending …${last4 ?? ""} is set for this session.${note}`
      : "No key is set for this session.";
    remove.hidden = !hasKey;
  };

  const open = async () => {
    error.textContent = "";
    input.value = "";
    show(session.hasApiKey, session.apiKeyLast4);
    dialog.showModal();
    input.focus();
    try {
      const answer = await api("/api/user/key");
      session.hasApiKey = Boolean(answer.hasKey);
      session.apiKeyLast4 = answer.last4 ?? undefined;
      show(session.hasApiKey, session.apiKeyLast4);
      renderLlmStatus();
    } catch (e) {
      error.textContent = errorText(e);
    }
  };

  for (const button of document.querySelectorAll("#key-button, [data-open-key]")) {
    button.addEventListener("click", () => void open());
  }
  $("#key-close").addEventListener("click", () => dialog.close());

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const apiKey = input.value.trim();
    if (!apiKey) {
      error.textContent = "Paste a key first.";
      input.focus();
      return;
    }
    save.disabled = true;
    save.textContent = "Checking…";
    try {
      const answer = await api("/api/user/key", { method: "POST", json: { apiKey, validate: true } });
      input.value = "";
      session.hasApiKey = true;
      session.apiKeyLast4 = answer.last4;
      show(true, answer.last4, answer.validated ? " The service accepted it." : "");
      renderLlmStatus();
      announce(`Key ending ${answer.last4} saved.`);
    } catch (e) {
      error.textContent = errorText(e);
      input.focus();
    } finally {
      save.disabled = false;
      save.textContent = "Check and save";
    }
  });

  remove.addEventListener("click", async () => {
    error.textContent = "";
    try {
      await api("/api/user/key", { method: "DELETE" });
      session.hasApiKey = false;
      session.apiKeyLast4 = undefined;
      show(false);
      renderLlmStatus();
      announce("Key removed.");
      input.focus();
    } catch (e) {
      error.textContent = errorText(e);
    }
  });
}
