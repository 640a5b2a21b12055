import { describe, expect, it } from "vitest";
import { TemplateError } from "../errors";
import { parsePromptFile } from "./parse-prompt-file";

interface Meta {
  id?: string;
  stage?: string;
  requires?: string;
  optional?: string;
  variables?: string;
  output?: string;
  schema?: string;
  extra?: string;
}

function promptFile(
  meta: Meta = {},
  body = "Read {{ transcript }} from {{ speakers }}. Cite [seg-1].",
): string {
  const lines = [
    "---",
    `id: ${meta.id ?? "say-means"}`,
    "name: Say / Means",
    `stage: ${meta.stage ?? "A"}`,
    "description: What was said against what was meant.",
    `requires: ${meta.requires ?? "[transcript]"}`,
    meta.optional === undefined ? "" : `optional: ${meta.optional}`,
    `variables: ${meta.variables ?? "[speakers]"}`,
    meta.output === undefined ? "" : `output: ${meta.output}`,
    meta.schema === undefined ? "" : `schema: ${meta.schema}`,
    meta.extra ?? "",
    "---",
    "",
    body,
    "",
  ];
  return lines.filter((line, i) => line !== "" || i > 11).join("\n");
}

function parseError(text: string, source?: string): TemplateError {
  try {
    parsePromptFile(text, source);
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error("expected a TemplateError");
}

describe("parsePromptFile", () => {
  it("reads front matter and body, with defaults for the optional fields", () => {
    const def = parsePromptFile(promptFile(), "stage-a/say-means.md");
    expect(def).toMatchObject({
      id: "say-means",
      name: "Say / Means",
      stage: "A",
      requires: ["transcript"],
      optional: [],
      variables: ["speakers"],
      output: "markdown",
      source: "stage-a/say-means.md",
    });
    expect(def.body).toBe("Read {{ transcript }} from {{ speakers }}. Cite [seg-1].");
  });

  it("accepts Windows line endings and a byte-order mark", () => {
    const text = `\uFEFF${promptFile().replace(/\n/g, "\r\n")}`;
    expect(parsePromptFile(text).body).toBe("Read {{ transcript }} from {{ speakers }}. Cite [seg-1].");
  });

  it("accepts a JSON prompt with a registered schema", () => {
    const def = parsePromptFile(
      promptFile(
        { id: "insights", stage: "system", output: "json", schema: "insights" },
        "Extract from {{ transcript }}.",
      ),
    );
    expect(def).toMatchObject({ output: "json", schema: "insights" });
  });

  it.each([
    ["no front matter", "Just a body", /starts with a front matter block/],
    ["front matter never closed", "---\nid: x\n", /never closed/],
    ["invalid YAML", "---\nid: [x\n---\nbody", /not valid YAML/],
    ["a list instead of a mapping", "---\n- a\n---\nbody", /must be a YAML mapping/],
    ["an id that is not kebab-case", promptFile({ id: "Say_Means" }), /id: an analyzer id is kebab-case/],
    ["an id with a path in it", promptFile({ id: "../etc/passwd" }), /id: an analyzer id is kebab-case/],
    ["an unknown stage", promptFile({ stage: "C" }), /stage:/],
    ["an unknown front matter key", promptFile({ extra: "require: [transcript]" }), /require/],
    ["an unknown block", promptFile({ requires: "[transcript, notes]" }), /requires\.1/],
    [
      "a block the stage may not use",
      promptFile({ optional: "[context]" }),
      /stage A prompts cannot use the block "context"/,
    ],
    [
      "a stage A prompt without the transcript",
      promptFile({ requires: "[]" }, "Hi {{ speakers }}"),
      /must require "transcript"/,
    ],
    [
      "a stage B prompt without the context",
      promptFile({ stage: "B", requires: "[transcript]" }),
      /stage B prompts must require "context"/,
    ],
    [
      "a block listed twice",
      promptFile({ stage: "B", requires: "[context]", optional: "[context]" }),
      /listed twice/,
    ],
    [
      "an analyzer-only variable in stage A",
      promptFile({ variables: "[analyzer_name]" }, "{{ transcript }}"),
      /cannot use the variable "analyzer_name"/,
    ],
    ["output json without a schema", promptFile({ output: "json" }), /needs schema/],
    [
      "a schema with markdown output",
      promptFile({ schema: "insights" }),
      /only meaningful with output: json/,
    ],
    ["an unregistered schema", promptFile({ output: "json", schema: "poems" }), /schema:/],
    ["an empty body", promptFile({}, "  \n"), /no instructions/],
  ])("refuses %s", (_case, text, message) => {
    const error = parseError(text, "stage-a/say-means.md");
    expect(error.message).toMatch(message);
    expect(error.message.startsWith("stage-a/say-means.md: ")).toBe(true);
  });

  it("refuses an id that differs from the file name", () => {
    expect(parseError(promptFile(), "stage-a/other.md").message).toMatch(
      /the id "say-means" must equal the file name \(other\.md without \.md\)/,
    );
  });

  it("refuses a body variable the front matter does not declare, with its line in the file", () => {
    const error = parseError(promptFile({}, "Line one\n{{ transcript }} and {{ title }}"), "say-means.md");
    expect(error.message).toMatch(/line 11: the body uses \{\{ title \}\} but variables does not list it/);
  });

  it("refuses a body block the front matter does not declare", () => {
    const text = promptFile(
      { stage: "B", requires: "[context]", variables: "[]" },
      "{{ context }} {{ transcript }}",
    );
    expect(parseError(text).message).toMatch(
      /uses \{\{ transcript \}\} but requires\/optional do not list it/,
    );
  });

  it("refuses a name no stage allows, listing what the stage allows", () => {
    const error = parseError(promptFile({}, "{{ transcript }} {{ api_key }}"));
    expect(error.message).toMatch(/unknown variable \{\{ api_key \}\}; stage A allows: chunk_note, computed/);
  });

  it("refuses template code in the body with the file line", () => {
    const error = parseError(promptFile({}, "ok\n{% for s in speakers %}"), "x/say-means.md");
    expect(error.message).toMatch(/^x\/say-means\.md: line 11: template statements/);
  });
});
