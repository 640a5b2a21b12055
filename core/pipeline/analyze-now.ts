import type { ComputedAnalyses } from "../computed";
import type { CallOutcome } from "../jobs/stored";
import { shownCost } from "../llm/usage";
import type { LlmProvider } from "../ports";
import type { PromptDefinition } from "../prompts/prompt-definition";
import type { Transcript } from "../transcript/model";
import { budgetFor } from "./call-env";
import type { PreparedWork } from "./cpu-work";
import type { PipelineSettings } from "./deps";
import { callOnTranscript } from "./prompt-call";

export interface QuickAnalysis {
  computed: ComputedAnalyses;
  sayMeans: {
    text: string;
    model: string;
    usage: CallOutcome["spend"]["usage"];
    costUsd: number | null;
  } | null;
}

/**
 * The synchronous path: computed analyses always, and one prompt analyzer (say-means) when a
 * model is available, without a job, a queue or stored files.
 */
export async function analyzeNow(
  transcript: Transcript,
  /** The computed analyses and rendered transcript (`CpuWork.prepare`). */
  prepared: PreparedWork,
  options: {
    llm: LlmProvider | null;
    model: string;
    settings: PipelineSettings;
    system: string;
    sayMeans?: PromptDefinition;
    reduce?: PromptDefinition;
    signal?: AbortSignal;
  },
): Promise<QuickAnalysis> {
  const { computed, transcriptText, transcriptTokens, values } = prepared;
  if (!options.llm || !options.sayMeans || !options.reduce) return { computed, sayMeans: null };
  const memo = new Map<string, CallOutcome>();
  const outcome = await callOnTranscript(
    options.sayMeans,
    { transcript, transcriptText, transcriptTokens },
    values,
    {
      llm: options.llm,
      system: options.system,
      model: options.model,
      ...(await budgetFor(options.llm, options.model, options.settings)),
      pricing: options.settings.pricing,
      cacheKey: `now-${transcript.segments.length}-${transcriptText.length}`,
      ...(options.signal ? { signal: options.signal } : {}),
      memo: async (key, call) => {
        const hit = memo.get(key);
        if (hit) return hit;
        const out = await call();
        memo.set(key, out);
        return out;
      },
    },
    { reduce: options.reduce, key: "now.say-means" },
  );
  return {
    computed,
    sayMeans: {
      text: outcome.text,
      model: outcome.model,
      usage: outcome.spend.usage,
      costUsd: shownCost(outcome.spend),
    },
  };
}
