import * as v from "valibot";
import { type AnalyzeOptions, type ContextOptions, ModelNameSchema } from "../../../../core/pipeline/request";
import { $ } from "../lib/dom";

type ModelStage = keyof NonNullable<AnalyzeOptions["models"]>;
const MODEL_FIELDS: Record<ModelStage, string> = {
  stageA: "#opt-model-a",
  stageB: "#opt-model-b",
  final: "#opt-model-final",
};
const field = <E extends HTMLElement = HTMLInputElement>(selector: string) => $<E>(selector);

/** The server's default model per stage, shown where a field is left empty. */
export function showModelDefaults(models: Partial<Record<ModelStage, string>>): void {
  for (const [stage, selector] of Object.entries(MODEL_FIELDS) as Array<[ModelStage, string]>)
    field(selector).placeholder = models[stage] ?? "server default";
}

/**
 * The request's `options` from the Options panel: the context of Stage B and the final
 * documents, models per stage, insights. Throws a message for a person when a model name is wrong.
 */
export function runOptions(): AnalyzeOptions {
  const models: Partial<Record<ModelStage, string>> = {};
  for (const [stage, selector] of Object.entries(MODEL_FIELDS) as Array<[ModelStage, string]>) {
    const input = field(selector);
    const value = input.value.trim();
    if (!value) continue;
    if (!v.is(ModelNameSchema, value)) {
      input.focus();
      throw new Error(`"${value}" is not a model name: letters, digits and . _ : / - only.`);
    }
    models[stage] = value;
  }
  const mode = (selector: string) =>
    field<HTMLSelectElement>(selector).value as NonNullable<ContextOptions["mode"]>;
  return {
    stageBOptions: { includeTranscript: field("#opt-b-transcript").checked, mode: mode("#opt-b-mode") },
    finalOptions: {
      includeTranscript: field("#opt-final-transcript").checked,
      mode: mode("#opt-final-mode"),
    },
    insights: field("#opt-insights").checked,
    ...(Object.keys(models).length > 0 ? { models } : {}),
  };
}
