import * as v from "valibot";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { TemplateError } from "../errors";
import { type PromptDefinition, PromptFrontMatterSchema } from "./prompt-definition";
import { scanTemplate } from "./template";
import { allowedBlocks, allowedVariables, isBlockInput, STAGE_MAIN_BLOCK } from "./variables";

const FENCE = /^---[ \t]*$/;

const sorted = (names: Iterable<string>): string => [...names].sort().join(", ") || "none";

/**
 * Reads a prompt file: YAML front matter between `---` lines, then the body. Checks the front matter
 * against its schema and the stage's rules, and that the body uses only the blocks and variables it
 * declares, so a bad edit is refused when saved rather than when a job runs.
 */
export function parsePromptFile(text: string, source?: string): PromptDefinition {
  const where = source ?? "prompt";
  function fail(message: string, line?: number): never {
    throw new TemplateError(
      line === undefined ? `${where}: ${message}` : `${where}: line ${line}: ${message}`,
      {
        details: line === undefined ? { source: where } : { source: where, line },
      },
    );
  }

  const lines = text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split("\n");
  if (!FENCE.test(lines[0] ?? ""))
    fail("a prompt file starts with a front matter block opened by a line `---`", 1);
  const closing = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (closing === -1) fail("the front matter is never closed by a line `---`", 1);

  let data: unknown;
  try {
    data = parseYaml(lines.slice(1, closing).join("\n"));
  } catch (e) {
    if (!(e instanceof YAMLParseError)) throw e;
    const line = (e.linePos?.[0]?.line ?? 0) + 1;
    fail(`the front matter is not valid YAML: ${e.message.split("\n")[0]}`, line);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    fail("the front matter must be a YAML mapping (key: value lines)", 2);

  const parsed = v.safeParse(PromptFrontMatterSchema, data);
  if (!parsed.success) {
    const problems = parsed.issues.map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    fail(`invalid front matter: ${problems.join("; ")}`);
  }
  const meta = parsed.output;

  const fileName = source?.split(/[\\/]/).pop();
  if (fileName?.endsWith(".md") && fileName !== `${meta.id}.md`)
    fail(`the id "${meta.id}" must equal the file name (${fileName} without .md)`);

  const blocks = allowedBlocks(meta.stage);
  const declaredBlocks = [...meta.requires, ...meta.optional];
  for (const block of declaredBlocks) {
    if (!blocks.has(block))
      fail(`stage ${meta.stage} prompts cannot use the block "${block}"; allowed: ${sorted(blocks)}`);
  }
  if (new Set(declaredBlocks).size !== declaredBlocks.length)
    fail("a block is listed twice in requires/optional; list each once");
  if (meta.stage !== "system" && !meta.requires.includes(STAGE_MAIN_BLOCK[meta.stage]))
    fail(`stage ${meta.stage} prompts must require "${STAGE_MAIN_BLOCK[meta.stage]}"`);

  const variables = allowedVariables(meta.stage);
  for (const name of meta.variables) {
    if (!variables.has(name))
      fail(`stage ${meta.stage} prompts cannot use the variable "${name}"; allowed: ${sorted(variables)}`);
  }
  if (meta.output === "json" && meta.schema === undefined)
    fail("output: json needs schema: <name of an output schema>");
  if (meta.output === "markdown" && meta.schema !== undefined)
    fail("schema is only meaningful with output: json");

  const rest = lines.slice(closing + 1);
  const leading = rest.findIndex((line) => line.trim() !== "");
  if (leading === -1) fail("the prompt has no instructions after the front matter");
  const body = rest.slice(leading).join("\n").trimEnd();
  const firstLine = closing + 2 + leading;

  const declared = new Set<string>([...declaredBlocks, ...meta.variables]);
  for (const part of scanTemplate(body, { firstLine, source: where })) {
    if (part.kind === "text" || declared.has(part.name)) continue;
    const { name, line } = part;
    if (isBlockInput(name)) fail(`the body uses {{ ${name} }} but requires/optional do not list it`, line);
    fail(
      (variables as ReadonlySet<string>).has(name)
        ? `the body uses {{ ${name} }} but variables does not list it`
        : `unknown variable {{ ${name} }}; stage ${meta.stage} allows: ${sorted(variables)}`,
      line,
    );
  }

  return { ...meta, body, ...(source === undefined ? {} : { source }) };
}
