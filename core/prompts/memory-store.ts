import { checkStoredPrompt, type PromptStore, type StoredPrompt } from "./store";

/** A PromptStore in a Map, for tests and for embedded use where edits need not outlive the process. */
export function createMemoryPromptStore(initial: readonly StoredPrompt[] = []): PromptStore {
  const prompts = new Map<string, StoredPrompt>();
  // Copies in and out, so a caller mutating what it got cannot change what is stored.
  const put = (prompt: StoredPrompt) => prompts.set(prompt.id, { ...checkStoredPrompt(prompt) });
  for (const prompt of initial) put(prompt);

  return {
    list: async () => [...prompts.values()].map((p) => ({ ...p })).sort((a, b) => a.id.localeCompare(b.id)),
    get: async (id) => {
      const found = prompts.get(id);
      return found && { ...found };
    },
    put: async (prompt) => {
      put(prompt);
    },
    delete: async (id) => prompts.delete(id),
    clear: async (kind) => {
      for (const [id, prompt] of prompts) if (kind === undefined || prompt.kind === kind) prompts.delete(id);
    },
  };
}
