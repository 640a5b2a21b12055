import { TemplateError } from "../errors";
import type { LlmMessage } from "../ports";
import type { PromptDefinition } from "./prompt-definition";
import { renderTemplate } from "./template";
import { allowedBlocks, BLOCK_INPUTS, type BlockInput, VARIABLE_FALLBACKS } from "./variables";

export interface ComposeInput {
  /** The shared system message (prompts/system/analyst.md), the same for every analyzer. */
  system: string;
  /** The job's long inputs; every one given is sent, whether or not this analyzer names it. */
  blocks: Partial<Record<BlockInput, string>>;
  /** Small variables for the whole job; names this prompt does not declare are ignored. */
  values: Record<string, string>;
}

// A closing tag inside a block would end it early and let the text pose as instructions.
const CLOSING_TAG = /<\/(context|transcript|partials)>/gi;
export const wrapBlock = (name: BlockInput, text: string): string =>
  `<${name}>\n${text.replace(CLOSING_TAG, "<\\/$1>")}\n</${name}>`;

const hasText = (text: string | undefined): text is string => text !== undefined && text.trim() !== "";

/**
 * Builds `[system, user(blocks), user(instructions)]`. The first two depend only on the job, never on
 * the analyzer, so every analyzer of a stage shares one prefix the provider can cache.
 */
export function composeMessages(def: PromptDefinition, input: ComposeInput): LlmMessage[] {
  const stageBlocks = allowedBlocks(def.stage);
  const present = BLOCK_INPUTS.filter((name) => hasText(input.blocks[name]));
  for (const name of present) {
    if (!stageBlocks.has(name))
      throw new TemplateError(
        `stage ${def.stage} prompts do not read a <${name}> block, but the request has one`,
      );
  }
  const missing = def.requires.filter((name) => !present.includes(name));
  if (missing.length > 0) {
    throw new TemplateError(
      `"${def.id}" needs the ${missing.map((name) => `<${name}>`).join(" and ")} block, which the request does not include`,
      { details: { id: def.id, missing } },
    );
  }

  const values: Record<string, string> = {};
  const required = new Set<string>();
  for (const name of def.variables) {
    const given = Object.hasOwn(input.values, name) ? input.values[name] : undefined;
    const fallback = VARIABLE_FALLBACKS[name];
    if (fallback === undefined) required.add(name);
    if (given !== undefined && (fallback === undefined || given.trim() !== "")) values[name] = given;
    else if (fallback !== undefined) values[name] = fallback;
  }
  const instructions = renderTemplate(def.body, values, {
    allowed: new Set<string>([...def.variables, ...def.requires, ...def.optional]),
    required,
    blocks: new Set<string>(present),
  });

  const messages: LlmMessage[] = [{ role: "system", content: input.system }];
  if (present.length > 0) {
    const content = present.map((name) => wrapBlock(name, input.blocks[name] as string)).join("\n\n");
    messages.push({ role: "user", content });
  }
  messages.push({ role: "user", content: instructions });
  return messages;
}
