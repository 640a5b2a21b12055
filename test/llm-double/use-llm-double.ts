import { afterAll, afterEach, beforeAll } from "vitest";
import { type LlmDouble, type LlmDoubleOptions, startLlmDouble } from "./server";

/**
 * Starts one LLM test double for a vitest file (reset after each test, closed at the end) and
 * returns a getter for it, since it only exists once beforeAll has run.
 */
export function useLlmDouble(options?: LlmDoubleOptions): () => LlmDouble {
  let double: LlmDouble | undefined;
  beforeAll(async () => {
    double = await startLlmDouble(options);
  });
  afterEach(() => double?.reset());
  afterAll(() => double?.close());
  return () => {
    if (!double)
      throw new Error("The LLM test double is started in beforeAll; use it inside a test or hook.");
    return double;
  };
}
