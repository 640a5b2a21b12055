export { analyzerMarker, findSegments, type PromptSegment, shortQuote } from "./prompt-reading";
export { byAnalyzer, defaultResponder, failTimes, sequence } from "./responders";
export { valueFromSchema } from "./schema-value";
export { type LlmDouble, type LlmDoubleOptions, startLlmDouble } from "./server";
export type { RecordedRequest, Reply, ReplyUsage, Responder } from "./types";
