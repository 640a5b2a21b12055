import type { PromptEntry, PromptRegistry } from "./registry";
import { allowedBlocks, allowedVariables, type PromptStage } from "./variables";

const choice = (e: PromptEntry) => ({
  id: e.id,
  name: e.name,
  description: e.description,
  builtin: e.builtin,
});
const namesFor = (stage: PromptStage) => [...allowedBlocks(stage), ...allowedVariables(stage)];

/** An analyzer as the new-analysis form offers it. */
export type AnalyzerChoice = ReturnType<typeof choice>;
export type PromptOptions = Awaited<ReturnType<typeof promptOptions>>;

/**
 * What `GET /api/prompt-options` offers the web UI: the analyzers of each stage, the default
 * models, the names a prompt may use.
 */
export async function promptOptions(
  registry: PromptRegistry,
  defaults: { models: { stageA: string; stageB: string; final: string }; llmConfigured: boolean },
) {
  const entries = await registry.list();
  const of = (stage: PromptStage) => entries.filter((e) => e.stage === stage).map(choice);
  return {
    stages: { stageA: of("A"), stageB: of("B"), final: of("final") },
    defaults,
    variables: { A: namesFor("A"), B: namesFor("B"), final: namesFor("final") },
  };
}
