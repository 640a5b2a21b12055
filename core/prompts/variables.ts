/**
 * The names a prompt may use, by stage. Block inputs are long texts that compose places in a message
 * of their own before the instructions; small variables are substituted inline.
 */

export const PROMPT_STAGES = ["A", "B", "final", "system"] as const;
export type PromptStage = (typeof PROMPT_STAGES)[number];

/** In the order they are sent: the transcript first, so every stage's calls share its prefix with Stage A's. */
export const BLOCK_INPUTS = ["transcript", "context", "partials"] as const;
export type BlockInput = (typeof BLOCK_INPUTS)[number];

export const SMALL_VARIABLES = [
  "title",
  "date",
  "speakers",
  "segment_count",
  "duration",
  "computed",
  "linguistic_profile",
  "chunk_note",
  "analyzer_name",
  "analyzer_instructions",
] as const;
export type SmallVariable = (typeof SMALL_VARIABLES)[number];

/** The folder of prompts/ that holds each stage's files. */
export const STAGE_FOLDERS: Readonly<Record<PromptStage, string>> = {
  A: "stage-a",
  B: "stage-b",
  final: "final",
  system: "system",
};

const ANALYZER_ONLY = new Set<string>(["analyzer_name", "analyzer_instructions"]);
const ANALYST_VARIABLES = SMALL_VARIABLES.filter((name) => !ANALYZER_ONLY.has(name));

export const STAGE_A_BLOCKS: ReadonlySet<BlockInput> = new Set<BlockInput>(["transcript"]);
export const STAGE_B_BLOCKS: ReadonlySet<BlockInput> = new Set<BlockInput>(["context", "transcript"]);
export const FINAL_BLOCKS: ReadonlySet<BlockInput> = STAGE_B_BLOCKS;
export const SYSTEM_BLOCKS: ReadonlySet<BlockInput> = new Set<BlockInput>(BLOCK_INPUTS);

export const STAGE_A_VARIABLES: ReadonlySet<SmallVariable> = new Set<SmallVariable>(ANALYST_VARIABLES);
export const STAGE_B_VARIABLES: ReadonlySet<SmallVariable> = new Set<SmallVariable>(ANALYST_VARIABLES);
export const FINAL_VARIABLES: ReadonlySet<SmallVariable> = STAGE_B_VARIABLES;
export const SYSTEM_VARIABLES: ReadonlySet<SmallVariable> = new Set<SmallVariable>(SMALL_VARIABLES);

const BLOCKS_BY_STAGE: Readonly<Record<PromptStage, ReadonlySet<BlockInput>>> = {
  A: STAGE_A_BLOCKS,
  B: STAGE_B_BLOCKS,
  final: FINAL_BLOCKS,
  system: SYSTEM_BLOCKS,
};

const VARIABLES_BY_STAGE: Readonly<Record<PromptStage, ReadonlySet<SmallVariable>>> = {
  A: STAGE_A_VARIABLES,
  B: STAGE_B_VARIABLES,
  final: FINAL_VARIABLES,
  system: SYSTEM_VARIABLES,
};

/** The block inputs a prompt of this stage may require or accept. */
export const allowedBlocks = (stage: PromptStage): ReadonlySet<BlockInput> => BLOCKS_BY_STAGE[stage];

/** The small variables a prompt of this stage may use. */
export const allowedVariables = (stage: PromptStage): ReadonlySet<SmallVariable> => VARIABLES_BY_STAGE[stage];

/**
 * What a prompt is given when it runs, by stage, and for system prompts by id: each is called by
 * one step with fixed inputs. A prompt that names anything else cannot render, so an edit that
 * does is refused when saved instead of failing every job after it.
 */
const SYSTEM_INPUTS: Readonly<
  Record<string, { blocks: readonly BlockInput[]; variables: readonly SmallVariable[] }>
> = {
  analyst: { blocks: [], variables: [] },
  reduce: { blocks: ["partials"], variables: ["analyzer_name", "analyzer_instructions"] },
  insights: { blocks: ["transcript", "context"], variables: ANALYST_VARIABLES },
  "transcript-summary": { blocks: ["transcript"], variables: ANALYST_VARIABLES },
};

export function inputsGiven(
  id: string,
  stage: PromptStage,
): { blocks: ReadonlySet<BlockInput>; variables: ReadonlySet<SmallVariable> } {
  if (stage !== "system") return { blocks: allowedBlocks(stage), variables: allowedVariables(stage) };
  const given = SYSTEM_INPUTS[id] ?? { blocks: [], variables: [] };
  return { blocks: new Set(given.blocks), variables: new Set(given.variables) };
}

/** The block every analyzer of a stage reads; system prompts declare their own. */
export const STAGE_MAIN_BLOCK: Readonly<Record<Exclude<PromptStage, "system">, BlockInput>> = {
  A: "transcript",
  B: "context",
  final: "context",
};

export const isBlockInput = (name: string): name is BlockInput =>
  (BLOCK_INPUTS as readonly string[]).includes(name);

/**
 * Text used when a job has no value for a variable, because a transcript often has no title, date or
 * duration and is chunked only when long. Variables not listed here are required when a body uses them.
 */
export const VARIABLE_FALLBACKS: Readonly<Partial<Record<SmallVariable, string>>> = {
  title: "(no title given)",
  date: "(no date given)",
  duration: "(duration unknown)",
  chunk_note: "This is the whole transcript.",
};

/** What `{{ transcript }}` and the other block names render as: a pointer to the block placed earlier. */
export const BLOCK_POINTERS: Readonly<Record<BlockInput, string>> = {
  context: "the analyses above, in the <context> block",
  transcript: "the transcript above, in the <transcript> block",
  partials: "the partial answers above, in the <partials> block",
};

/** What a block name renders as when the job does not include that (optional) block. */
export const ABSENT_BLOCK_NOTES: Readonly<Record<BlockInput, string>> = {
  context: "(no analyses are included in this request)",
  transcript: "(the transcript is not included in this request)",
  partials: "(no partial answers are included in this request)",
};
