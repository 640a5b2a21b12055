import { api } from "../lib/api";
import { $ } from "../lib/dom";
import { errorText, setCsrf } from "../lib/request";
import { loadSession } from "./session";

/** The sign-in form, for a server that needs an API token; `onSignedIn` runs once one is accepted. */
export function setupSignIn(onSignedIn: () => void): void {
  const form = $<HTMLFormElement>("#signin-form");
  const input = $<HTMLInputElement>("#signin-token");
  const error = $("#signin-error");
  const button = $<HTMLButtonElement>("button[type=submit]", form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const token = input.value.trim();
    if (!token) {
      error.textContent = "Enter your API token.";
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      const answer = await api.signIn(token);
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
