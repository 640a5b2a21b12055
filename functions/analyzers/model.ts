import * as v from "valibot";
import { stringify } from "yaml";
import { AppError, InputError, TemplateError } from "../../core/errors";
import { PromptIdSchema } from "../../core/prompts/prompt-definition";
import { MAX_PROMPT_CHARS, type PromptEntry, type PromptRegistry } from "../../core/prompts/registry";
import { scanTemplate } from "../../core/prompts/template";
import {
  allowedBlocks,
  allowedVariables,
  isBlockInput,
  STAGE_MAIN_BLOCK,
} from "../../core/prompts/variables";
import { promptDetail, promptSummary } from "../shared/prompt-view";

const ANALYZER_STAGES = ["A", "B", "final"] as const;
type AnalyzerStage = (typeof ANALYZER_STAGES)[number];

const PromptId = v.pipe(v.string("id must be a string"), PromptIdSchema);
const Text = (what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.maxLength(MAX_PROMPT_CHARS, `${what} has at most ${MAX_PROMPT_CHARS} characters`),
  );

export const IdParamSchema = v.object({ id: PromptId });

/**
 * A whole prompt file in `text`, or its parts, from which the file is written. One object rather
 * than a union, so a mistake is reported by field instead of as "matches neither shape".
 */
export const AnalyzerBodySchema = v.object(
  {
    text: v.optional(Text("text")),
    id: v.optional(PromptId),
    name: v.optional(v.string("name must be a string")),
    stage: v.optional(v.picklist(ANALYZER_STAGES, "stage is A, B or final")),
    description: v.optional(v.string("description must be a string")),
    body: v.optional(Text("body")),
    variables: v.optional(v.array(v.string("variables lists names"), "variables is a list of names")),
  },
  'send {"text": "<prompt file>"} or {"id", "name", "stage", "description", "body"}',
);
export type AnalyzerBody = v.InferOutput<typeof AnalyzerBodySchema>;

export const DeleteSchema = v.object({ confirm: v.optional(v.string("confirm must be a string")) });

type AnalyzerParts = Required<Pick<AnalyzerBody, "id" | "name" | "stage" | "description" | "body">> &
  Pick<AnalyzerBody, "variables">;

/**
 * Writes the prompt file for an analyzer given in parts. The blocks and variables are read from the
 * body, so a person writes `{{ title }}` and need not declare it; a name the stage does not offer is
 * reported at its line of the body.
 */
export function analyzerFileText(parts: AnalyzerParts): string {
  const stage: AnalyzerStage = parts.stage;
  const main = STAGE_MAIN_BLOCK[stage];
  const blocks = allowedBlocks(stage);
  const small = allowedVariables(stage);
  const optional = new Set<string>();
  const variables = new Set<string>(parts.variables ?? []);
  for (const part of scanTemplate(parts.body, { source: "body" })) {
    if (part.kind === "text") continue;
    const { name, line } = part;
    if (isBlockInput(name) && blocks.has(name)) {
      if (name !== main) optional.add(name);
    } else if ((small as ReadonlySet<string>).has(name)) {
      variables.add(name);
    } else {
      const offered = [...blocks, ...small].sort().join(", ");
      throw new TemplateError(
        `body: line ${line}: unknown variable {{ ${name} }}; stage ${stage} offers: ${offered}`,
        {
          details: { line, name },
        },
      );
    }
  }
  const frontMatter = {
    id: parts.id,
    name: parts.name,
    stage,
    description: parts.description,
    requires: [main],
    ...(optional.size > 0 ? { optional: [...optional] } : {}),
    variables: [...variables],
    output: "markdown",
  };
  return `---\n${stringify(frontMatter).trimEnd()}\n---\n${parts.body.trim()}\n`;
}

/** The prompt file a request carries, written from its parts when it has no `text`. */
export function requestedText(request: AnalyzerBody, pathId?: string): string {
  if (request.text !== undefined) return request.text;
  const id = request.id ?? pathId;
  if (pathId !== undefined && id !== pathId)
    throw new InputError("invalid_request", `id: the id cannot change (it is "${pathId}")`);
  const { name, stage, description, body, variables } = request;
  if (
    id === undefined ||
    name === undefined ||
    stage === undefined ||
    description === undefined ||
    body === undefined
  ) {
    const given = { id, name, stage, description, body };
    const missing = Object.keys(given).filter((k) => given[k as keyof typeof given] === undefined);
    throw new InputError(
      "invalid_request",
      `send the whole prompt file as "text", or its parts; missing: ${missing.join(", ")}`,
    );
  }
  return analyzerFileText({ id, name, stage, description, body, ...(variables ? { variables } : {}) });
}

const isAnalyzer = (entry: PromptEntry): boolean => entry.stage !== "system";

export async function listAnalyzers(registry: PromptRegistry) {
  return (await registry.list()).filter(isAnalyzer).map(promptSummary);
}

/** An analyzer by id; system prompts are not analyzers, so they are not found here. */
async function analyzer(registry: PromptRegistry, id: string): Promise<PromptEntry> {
  const entry = await registry.get(id);
  if (!isAnalyzer(entry)) throw new AppError("not_found", `No analyzer "${id}".`, { details: { id } });
  return entry;
}

export const getAnalyzer = async (registry: PromptRegistry, id: string) =>
  promptDetail(await analyzer(registry, id));

/** Refuses a built-in (saying where to edit it instead) or an unknown id. */
export async function requireCustom(registry: PromptRegistry, id: string): Promise<void> {
  const entry = await registry.get(id);
  if (entry.builtin)
    throw new AppError(
      "forbidden",
      `"${id}" is a built-in; built-ins cannot be replaced or deleted here: edit or reset it with /api/prompts.`,
      { details: { id } },
    );
}
