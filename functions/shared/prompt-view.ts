import type { PromptEntry } from "../../core/prompts/registry";

/** A prompt or analyzer as lists show it: everything but the text. */
export function promptSummary(entry: PromptEntry) {
  return {
    id: entry.id,
    name: entry.name,
    stage: entry.stage,
    description: entry.description,
    builtin: entry.builtin,
    edited: entry.edited,
    output: entry.output,
    requires: entry.requires,
    optional: entry.optional,
    variables: entry.variables,
    ...(entry.updatedAt ? { updatedAt: entry.updatedAt } : {}),
    ...(entry.problem ? { problem: entry.problem } : {}),
  };
}

/** A single prompt or analyzer: the summary plus its whole file text. */
export const promptDetail = (entry: PromptEntry) => ({ ...promptSummary(entry), text: entry.text });
