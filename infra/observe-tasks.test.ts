import { describe, expect, it } from "vitest";
import { LlmError } from "../core/errors";
import { RetryLater } from "../core/pipeline/analyzer-step";
import { createMetrics } from "./metrics";
import { observeRetries } from "./observe-tasks";

const errorsBy = async (metrics: ReturnType<typeof createMetrics>) =>
  Object.fromEntries((await metrics.llmErrors.get()).values.map((v) => [v.labels.code, v.value]));

describe("observeRetries", () => {
  it("counts each model error handed back to the queue for a retry, by code, and still throws it", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const causes = [
      new LlmError("llm_rate_limited", "429", { retryable: true }),
      new LlmError("llm_rate_limited", "429", { retryable: true }),
      new LlmError("llm_timeout", "slow", { retryable: true }),
    ];
    const handle = observeRetries(async (i: number) => {
      throw new RetryLater(causes[i]);
    }, metrics);
    for (const i of [0, 1, 2]) await expect(handle(i)).rejects.toThrow(/retrying after/);
    expect(await errorsBy(metrics)).toEqual({ llm_rate_limited: 2, llm_timeout: 1 });
  });

  it("counts nothing for a task that succeeds or fails for another reason", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    await expect(observeRetries(async () => "done", metrics)()).resolves.toBe("done");
    await expect(
      observeRetries(async () => {
        throw new Error("job not found");
      }, metrics)(),
    ).rejects.toThrow("job not found");
    expect(await errorsBy(metrics)).toEqual({});
  });
});
