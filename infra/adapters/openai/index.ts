/** The LlmProvider port over the openai SDK: Responses and Chat Completions, errors, retries. */
export { parseRetryAfter, toLlmError } from "./openai-errors";
export {
  checkApiKey,
  createOpenAiProvider,
  isLlmConfigured,
  type OpenAiProviderConfig,
  type OpenAiProviderSettings,
  OpenAiProviderSettingsSchema,
} from "./openai-provider";
export {
  contextWindows,
  createServerProfile,
  displayUrl,
  isLocalUrl,
  type ServerProfile,
} from "./server-profile";
