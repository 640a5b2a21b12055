export { type ComposeInput, composeMessages } from "./compose-messages";
export { createMemoryPromptStore } from "./memory-store";
export { parsePromptFile } from "./parse-prompt-file";
export {
  isPromptId,
  OUTPUT_SCHEMA_NAMES,
  PROMPT_ID_PATTERN,
  type PromptDefinition,
  PromptDefinitionSchema,
  type PromptFrontMatter,
  PromptFrontMatterSchema,
  PromptIdSchema,
} from "./prompt-definition";
export {
  createPromptRegistry,
  MAX_PROMPT_CHARS,
  type PromptEntry,
  type PromptRegistry,
  type PromptRegistryDeps,
} from "./registry";
export {
  checkPromptId,
  checkStoredPrompt,
  type PromptFileSource,
  type PromptStore,
  STORED_PROMPT_KINDS,
  type StoredPrompt,
  type StoredPromptKind,
  StoredPromptSchema,
} from "./store";
export {
  type RenderRules,
  renderTemplate,
  type ScanOptions,
  scanTemplate,
  type TemplatePart,
  templateVariables,
} from "./template";
export * from "./variables";
