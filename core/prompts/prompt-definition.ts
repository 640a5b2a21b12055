import * as v from "valibot";
import { BLOCK_INPUTS, PROMPT_STAGES, SMALL_VARIABLES } from "./variables";

/** Kebab-case, the file name without `.md`; also safe as a file name on every platform. */
export const PROMPT_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const PROMPT_ID_MAX_LENGTH = 64;

export const PromptIdSchema = v.pipe(
  v.string(),
  v.maxLength(PROMPT_ID_MAX_LENGTH, `an id has at most ${PROMPT_ID_MAX_LENGTH} characters`),
  v.regex(
    PROMPT_ID_PATTERN,
    "an analyzer id is kebab-case: lowercase letters and digits separated by single hyphens",
  ),
);

export const isPromptId = (id: string): boolean => v.is(PromptIdSchema, id);

/** Output schemas a JSON prompt may name; the pipeline holds the valibot schema behind each name. */
export const OUTPUT_SCHEMA_NAMES = ["insights"] as const;

const BlockListSchema = v.optional(v.array(v.picklist(BLOCK_INPUTS)), []);

export const PromptFrontMatterSchema = v.strictObject({
  id: PromptIdSchema,
  name: v.pipe(v.string(), v.trim(), v.minLength(1, "name is empty"), v.maxLength(80)),
  stage: v.picklist(PROMPT_STAGES),
  description: v.pipe(v.string(), v.trim(), v.minLength(1, "description is empty"), v.maxLength(300)),
  /** Block inputs the prompt cannot run without. */
  requires: BlockListSchema,
  /** Block inputs it uses when the job includes them. */
  optional: BlockListSchema,
  /** Small variables its body uses. */
  variables: v.optional(v.array(v.picklist(SMALL_VARIABLES)), []),
  output: v.optional(v.picklist(["markdown", "json"]), "markdown"),
  schema: v.optional(v.picklist(OUTPUT_SCHEMA_NAMES)),
});
export type PromptFrontMatter = v.InferOutput<typeof PromptFrontMatterSchema>;

export const PromptDefinitionSchema = v.object({
  ...PromptFrontMatterSchema.entries,
  /** The instructions, after the front matter. */
  body: v.string(),
  /** Where it was read from, for error messages. */
  source: v.optional(v.string()),
});
export type PromptDefinition = v.InferOutput<typeof PromptDefinitionSchema>;
