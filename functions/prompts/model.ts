import * as v from "valibot";
import { InputError } from "../../core/errors";
import { PromptIdSchema } from "../../core/prompts/prompt-definition";
import type { PromptRegistry } from "../../core/prompts/registry";
import { PROMPT_STAGES, type PromptStage } from "../../core/prompts/variables";
import { promptDetail, promptSummary } from "../shared/prompt-view";

/** The confirmation that restores every built-in prompt and drops every edit. */
export const RESET_ALL_CONFIRM = "reset-all-prompts";

const PromptId = v.pipe(v.string("id is required"), PromptIdSchema);
const Confirm = v.optional(v.string("confirm must be a string"));

export const ListQuerySchema = v.object({
  stage: v.optional(v.picklist(PROMPT_STAGES, `stage is one of ${PROMPT_STAGES.join(", ")}`)),
});
export const TemplateQuerySchema = v.object({ id: PromptId });
export const EditSchema = v.object(
  { id: PromptId, text: v.string("text must be the whole prompt file as a string") },
  'send {"id": "<prompt id>", "text": "<the prompt file>"}',
);
export const ResetSchema = v.object(
  {
    id: v.optional(PromptId),
    all: v.optional(v.literal(true, "all must be true")),
    confirm: Confirm,
  },
  `send {"id": "<prompt id>"}, or {"all": true, "confirm": "${RESET_ALL_CONFIRM}"}`,
);
export const DeleteAllSchema = v.object({ confirm: Confirm }, `send {"confirm": "${RESET_ALL_CONFIRM}"}`);

/** Prompts of one stage, or of every analyzer stage; system prompts only when asked for by name. */
export async function listPrompts(registry: PromptRegistry, stage?: PromptStage) {
  const entries = await registry.list(stage);
  return entries.filter((e) => stage !== undefined || e.stage !== "system").map(promptSummary);
}

/** The text in effect and, for an edited built-in, the shipped text to compare or go back to. */
export async function promptTemplate(registry: PromptRegistry, id: string) {
  const entry = await registry.get(id);
  const builtinText = entry.edited ? (await registry.getBuiltin(id)).text : undefined;
  return { id: entry.id, text: entry.text, ...(builtinText === undefined ? {} : { builtinText }) };
}

/** One built-in back to its shipped text; asking for "all" is not handled here (it is destructive). */
export async function resetOne(registry: PromptRegistry, id: string | undefined) {
  if (id === undefined)
    throw new InputError(
      "invalid_request",
      `send {"id": "<prompt id>"} to reset one prompt, or {"all": true, "confirm": "${RESET_ALL_CONFIRM}"} to reset all`,
    );
  return promptDetail(await registry.reset(id));
}
