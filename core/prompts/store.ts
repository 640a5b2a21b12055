/**
 * Where edited built-ins and custom analyzers live, and where the built-in prompt files come from.
 * Adapters: createMemoryPromptStore (core/prompts), createFsPromptStore and createFsPromptSource (infra).
 */
import * as v from "valibot";
import { InputError } from "../errors";
import { PromptIdSchema } from "./prompt-definition";

export const STORED_PROMPT_KINDS = ["override", "custom"] as const;

export const StoredPromptSchema = v.object({
  id: PromptIdSchema,
  /** `override`: a person's edit of a built-in; `custom`: an analyzer a person added. */
  kind: v.picklist(STORED_PROMPT_KINDS),
  /** The whole prompt file, front matter and body. */
  text: v.string(),
  /** ISO timestamp of the last save. */
  updatedAt: v.pipe(v.string(), v.isoTimestamp()),
});
export type StoredPrompt = v.InferOutput<typeof StoredPromptSchema>;
export type StoredPromptKind = StoredPrompt["kind"];

/** The prompt as a store may save it; stores call this so no id can name a path outside their place. */
export function checkStoredPrompt(prompt: unknown): StoredPrompt {
  const result = v.safeParse(StoredPromptSchema, prompt);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? "prompt"}: ${issue.message}`);
  throw new InputError("invalid_request", `invalid stored prompt: ${problems.join("; ")}`);
}

export function checkPromptId(id: string): string {
  if (v.is(PromptIdSchema, id)) return id;
  throw new InputError(
    "invalid_request",
    `invalid prompt id ${JSON.stringify(String(id).slice(0, 80))}: use kebab-case`,
  );
}

/** Saved prompts, one per id. */
export interface PromptStore {
  list(): Promise<StoredPrompt[]>;
  get(id: string): Promise<StoredPrompt | undefined>;
  /** Saves, replacing any prompt with this id whatever its kind. */
  put(prompt: StoredPrompt): Promise<void>;
  /** True when something was deleted. */
  delete(id: string): Promise<boolean>;
  /** Deletes every prompt, or only those of one kind. */
  clear(kind?: StoredPromptKind): Promise<void>;
}

/** The built-in prompt files, with paths relative to the prompts folder (`stage-a/say-means.md`). */
export interface PromptFileSource {
  list(): Promise<Array<{ path: string; text: string }>>;
}
