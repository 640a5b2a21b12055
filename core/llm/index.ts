export {
  type ApiStyle,
  type ApiStyleSetting,
  apiStyleFor,
  FALLBACK_LIMITS,
  isReasoningModel,
  type ModelLimits,
  modelLimits,
  normalizeModelName,
  supportsVerbosity,
} from "./models";
export {
  costUsd,
  DEFAULT_PRICING,
  type ModelPricing,
  ModelPricingSchema,
  mergePricing,
  type PricingTable,
  PricingTableSchema,
  resolvePricing,
} from "./pricing";
export {
  abortableSleep,
  type RetryOptions,
  type RetryOutcome,
  retryDelayMs,
  type Sleep,
  withRetries,
} from "./retry";
export {
  prepareStructuredSchema,
  type StructuredSchema,
  toStrictJsonSchema,
  type ValibotSchema,
} from "./strict-json-schema";
export { completeStructured, type StructuredResult } from "./structured";
export { countMessageTokens, countTokens, estimateTokens } from "./tokens";
