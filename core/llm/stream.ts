import type { LlmProvider, LlmRequest, LlmResult } from "../ports";

/** Streams when the provider can; otherwise completes and hands the whole text over at once. */
export async function streamOrComplete(
  llm: LlmProvider,
  request: LlmRequest,
  onDelta: (text: string) => void,
): Promise<LlmResult> {
  if (llm.stream) return llm.stream(request, onDelta);
  const result = await llm.complete(request);
  if (result.text !== "") onDelta(result.text);
  return result;
}
