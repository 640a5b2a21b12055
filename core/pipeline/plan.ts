import { AppError, InputError, TemplateError } from "../errors";
import type { Stage } from "../jobs/job";
import type { JobPlan, PlannedAnalyzer, ResolvedContextOptions } from "../jobs/job-plan";
import { chooseLanguage } from "../language/detect";
import { languageInstruction } from "../language/language";
import { PLACEHOLDER_INSTRUCTION } from "../privacy/redact";
import { parsePromptFile } from "../prompts/parse-prompt-file";
import type { PromptDefinition } from "../prompts/prompt-definition";
import type { PromptEntry } from "../prompts/registry";
import { templateVariables } from "../prompts/template";
import { allowedVariables, isBlockInput, type SmallVariable } from "../prompts/variables";
import type { Transcript } from "../transcript/model";
import type { AnalyzeRequest, ContextOptions } from "./request";

export type { JobPlan, PlannedAnalyzer, ResolvedContextOptions };

export interface PlanDefaults {
  models: { stageA: string; stageB: string; final: string };
  llmEnabled: boolean;
  reasoningEffort?: JobPlan["reasoningEffort"];
  verbosity?: JobPlan["verbosity"];
  /** REDACT_DEFAULT: what a request that does not say gets. */
  redact?: boolean | "names";
}

const DEFAULT_MAX_CHARS = 400_000;
const STAGE_KEYS = { A: "stageA", B: "stageB", final: "final" } as const;

/**
 * Turns a request into a plan: the analyzers per stage (every built-in when nothing is selected),
 * their prompts with any per-job override applied, models and context options. Unknown analyzers
 * and bad overrides are refused here, before anything is queued.
 */
export function buildPlan(
  request: AnalyzeRequest,
  prompts: PromptEntry[],
  defaults: PlanDefaults,
  transcript?: Pick<Transcript, "segments">,
): JobPlan {
  const byId = new Map(prompts.map((p) => [p.id, p]));
  const system = (id: string) => {
    const p = byId.get(id);
    if (p?.stage !== "system") throw new AppError("internal", `The pipeline prompt "${id}" is missing.`);
    return p;
  };
  const models = {
    A: request.options?.models?.stageA ?? defaults.models.stageA,
    B: request.options?.models?.stageB ?? defaults.models.stageB,
    final: request.options?.models?.final ?? defaults.models.final,
  };

  const stages = {} as Record<Stage, PlannedAnalyzer[]>;
  for (const stage of ["A", "B", "final"] as const) {
    const wanted = request.selected
      ? (request.selected[STAGE_KEYS[stage]] ?? [])
      : prompts.filter((p) => p.stage === stage && p.builtin).map((p) => p.id);
    stages[stage] = [...new Set(wanted)].map((id) => {
      const entry = byId.get(id);
      if (!entry || entry.stage !== stage) {
        const known = prompts.filter((p) => p.stage === stage).map((p) => p.id);
        throw new InputError(
          "invalid_request",
          `"${id}" is not a stage ${stage} analyzer. Known: ${known.join(", ") || "none"}.`,
          { details: { path: `selected.${STAGE_KEYS[stage]}` } },
        );
      }
      const override = request.promptSelection?.[id];
      const definition = override === undefined ? stripEntry(entry) : overrideDefinition(entry, override);
      return { id, name: entry.name, stage, model: models[stage], definition };
    });
  }
  for (const id of Object.keys(request.promptSelection ?? {})) {
    if (!Object.values(stages).some((list) => list.some((a) => a.id === id))) {
      throw new InputError(
        "invalid_request",
        `promptSelection names "${id}", which is not selected for this job.`,
        {
          details: { path: `promptSelection.${id}` },
        },
      );
    }
  }

  const language = chooseLanguage(request.options?.language, transcript);
  const redact = request.options?.redact ?? defaults.redact ?? false;
  const systemParts = [system("analyst").body.trimEnd(), languageInstruction(language)];
  if (redact) systemParts.push(PLACEHOLDER_INSTRUCTION);
  const plan: JobPlan = {
    stages,
    insights: {
      enabled: request.options?.insights ?? true,
      model: models.final,
      definition: stripEntry(system("insights")),
      review: request.options?.insightsReview ?? true,
    },
    // One system message for every call of the job, language included, so the prefix stays shared.
    system: systemParts.join("\n\n"),
    reduce: stripEntry(system("reduce")),
    summary: stripEntry(system("transcript-summary")),
    context: { B: resolve(request.options?.stageBOptions), final: resolve(request.options?.finalOptions) },
    llm: defaults.llmEnabled
      ? { enabled: true }
      : {
          enabled: false,
          reason:
            "No OpenAI API key or base URL is configured, so prompt analyzers were skipped; computed analyses ran.",
        },
  };
  const effort = request.options?.reasoningEffort ?? defaults.reasoningEffort;
  const verbosity = request.options?.verbosity ?? defaults.verbosity;
  if (effort) plan.reasoningEffort = effort;
  if (verbosity) plan.verbosity = verbosity;
  if (language) plan.language = language;
  if (redact) plan.redact = { names: redact === "names" };
  return plan;
}

function resolve(options: ContextOptions | undefined): ResolvedContextOptions {
  return {
    includeTranscript: options?.includeTranscript ?? true,
    mode: options?.mode ?? "full",
    maxChars: options?.maxChars ?? DEFAULT_MAX_CHARS,
  };
}

function stripEntry(entry: PromptEntry): PromptDefinition {
  const { text: _t, builtin: _b, edited: _e, updatedAt: _u, problem: _p, ...definition } = entry;
  return definition;
}

/** A per-job prompt: a whole prompt file (same id and stage), or only new instructions. */
function overrideDefinition(entry: PromptEntry, text: string): PromptDefinition {
  const where = `promptSelection.${entry.id}`;
  if (text.trimStart().startsWith("---")) {
    const def = parsePromptFile(text.trimStart(), where);
    if (def.id !== entry.id || def.stage !== entry.stage || def.output !== entry.output) {
      throw new TemplateError(`${where}: a prompt override keeps the analyzer's id, stage and output kind.`);
    }
    return def;
  }
  if (text.trim() === "") throw new TemplateError(`${where}: the prompt text is empty.`);
  const allowed = allowedVariables(entry.stage);
  const variables = new Set<SmallVariable>(entry.variables);
  for (const name of templateVariables(text, { source: where })) {
    if (isBlockInput(name)) {
      if (![...entry.requires, ...entry.optional].includes(name))
        throw new TemplateError(`${where}: "${name}" is not an input of a stage ${entry.stage} analyzer.`);
    } else if (allowed.has(name as SmallVariable)) {
      variables.add(name as SmallVariable);
    } else {
      throw new TemplateError(
        `${where}: unknown variable "${name}"; allowed here: ${[...allowed, ...entry.requires, ...entry.optional].sort().join(", ")}`,
      );
    }
  }
  return { ...stripEntry(entry), body: text.trim(), variables: [...variables], source: where };
}
