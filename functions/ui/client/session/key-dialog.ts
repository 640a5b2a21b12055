import { api } from "../lib/api";
import { $, $$, announce } from "../lib/dom";
import { errorText } from "../lib/request";
import { session, updateSession } from "./session";

/** The "Your OpenAI key" dialog: shows only the key's last four characters, sets and removes it. */
export function setupKeyDialog(): void {
  const dialog = $<HTMLDialogElement>("#key-dialog");
  const input = $<HTMLInputElement>("#key-input");
  const error = $("#key-error");
  const state = $("#key-state");
  const remove = $<HTMLButtonElement>("#key-remove");
  const save = $<HTMLButtonElement>("#key-save");

  const show = (note = "") => {
    state.textContent = session.hasApiKey
      ? `A key ending …${session.apiKeyLast4 ?? ""} is set for this session.${note}`
      : "No key is set for this session.";
    remove.hidden = !session.hasApiKey;
  };
  const failed = (e: unknown) => {
    error.textContent = errorText(e);
  };

  const open = async () => {
    error.textContent = "";
    input.value = "";
    show();
    dialog.showModal();
    input.focus();
    try {
      const answer = await api.key();
      updateSession({ hasApiKey: answer.hasKey, apiKeyLast4: answer.last4 });
      show();
    } catch (e) {
      failed(e);
    }
  };
  for (const button of $$("#key-button, [data-open-key]"))
    button.addEventListener("click", () => void open());
  $("#key-close").addEventListener("click", () => dialog.close());

  $("#key-form").addEventListener("submit", async (event) => {
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
      const answer = await api.saveKey(apiKey);
      input.value = "";
      updateSession({ hasApiKey: true, apiKeyLast4: answer.last4 });
      show(answer.validated ? " The service accepted it." : "");
      announce(`Key ending ${answer.last4 ?? ""} saved.`);
    } catch (e) {
      failed(e);
      input.focus();
    } finally {
      save.disabled = false;
      save.textContent = "Check and save";
    }
  });

  remove.addEventListener("click", async () => {
    error.textContent = "";
    try {
      await api.removeKey();
      updateSession({ hasApiKey: false, apiKeyLast4: undefined });
      show();
      announce("Key removed.");
      input.focus();
    } catch (e) {
      failed(e);
    }
  });
}
