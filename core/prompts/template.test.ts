import { describe, expect, it } from "vitest";
import { growthRatio } from "../../test/helpers/scaling";
import { TemplateError } from "../errors";
import { renderTemplate, scanTemplate, templateVariables } from "./template";

const rules = {
  allowed: new Set(["title", "speakers", "date", "transcript", "context"]),
  required: new Set(["speakers"]),
};
const values = { title: "Kick-off", speakers: "Ann, Bo" };

function renderError(body: string, vals: Record<string, string> = values, r = rules): TemplateError {
  try {
    renderTemplate(body, vals, r);
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error(`expected a TemplateError for ${JSON.stringify(body)}`);
}

describe("renderTemplate substitutes {{ name }} and nothing else", () => {
  it.each([
    ["spaces inside braces", "Meeting: {{ title }}", "Meeting: Kick-off"],
    ["no spaces inside braces", "Meeting: {{title}}", "Meeting: Kick-off"],
    ["uneven spaces and tabs", "{{  title\t}} / {{speakers }}", "Kick-off / Ann, Bo"],
    ["the same name twice", "{{ title }} and {{ title }}", "Kick-off and Kick-off"],
    [
      "text with no tags",
      "Plain text, {single} braces and a } alone.",
      "Plain text, {single} braces and a } alone.",
    ],
    ["an allowed optional name with no value renders empty", "Date: {{ date }}.", "Date: ."],
    [
      "a block name renders as a pointer to its block",
      "Read {{ transcript }}.",
      "Read the transcript above, in the <transcript> block.",
    ],
    ["markers like {vocalsound} stay as they are", "{vocalsound} {{ title }}", "{vocalsound} Kick-off"],
    ["a closing }} without an opening stays literal", "a }} b {{ title }}", "a }} b Kick-off"],
  ])("%s", (_case, body, expected) => {
    expect(renderTemplate(body, values, rules)).toBe(expected);
  });

  it("inserts values verbatim and never renders them again", () => {
    const out = renderTemplate(
      "T: {{ title }}",
      { ...values, title: "{{ speakers }} {% if %} $& $1" },
      rules,
    );
    expect(out).toBe("T: {{ speakers }} {% if %} $& $1");
  });

  it("renders an absent optional block as a note instead of a pointer", () => {
    const out = renderTemplate("Also {{ transcript }}.", values, { ...rules, blocks: new Set(["context"]) });
    expect(out).toBe("Also (the transcript is not included in this request).");
  });

  it("does not take inherited object properties for values", () => {
    const r = { allowed: new Set(["constructor"]), required: new Set<string>() };
    expect(renderTemplate("[{{ constructor }}]", {}, r)).toBe("[]");
  });
});

describe("renderTemplate refuses template code with the line and a clear message", () => {
  it.each([
    ["property access", "ok\n{{ a.b }}", 2, /property access is not supported/],
    ["a filter", "{{ title | upper }}", 1, /filters are not supported/],
    ["a function call", "x\ny\n{{ title() }}", 3, /function calls are not supported/],
    ["a statement", "one\n{% if title %}x{% endif %}", 2, /statements \(\{% \.\.\. %\}\) are not supported/],
    ["a comment", "{# note #}", 1, /comments \(\{# \.\.\. #\}\) are not supported/],
    ["triple braces", "a\n{{{ title }}}", 2, /triple braces/],
    ["a trailing third brace", "{{ title }}}", 1, /triple braces/],
    ["an empty tag", "{{ }}", 1, /empty tag/],
    ["an unclosed tag", "line\n{{ title", 2, /never closed/],
    ["a tag closed only on a later line", "{{ title\n}}", 1, /not closed with \}\} on the same line/],
    ["an uppercase name", "{{ Title }}", 1, /names are lowercase/],
    ["a name with a hyphen", "{{ my-name }}", 1, /only \{\{ name \}\} is supported/],
  ])("%s", (_case, body, line, message) => {
    const error = renderError(body);
    expect(error.code).toBe("template_error");
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`line ${line}`);
    expect(error.details?.line).toBe(line);
  });

  it("names an unknown variable and lists what is allowed", () => {
    const error = renderError("a\n\n{{ secret }}");
    expect(error.message).toContain('unknown variable "secret"');
    expect(error.message).toContain("allowed here: context, date, speakers, title, transcript");
    expect(error.message).toContain("line 3");
  });

  it("refuses a required variable with no value", () => {
    const error = renderError("Speakers: {{ speakers }}", { title: "x" });
    expect(error.message).toMatch(/required variable\(s\) with no value: speakers/);
    expect(error.message).toContain("line 1");
  });

  it("accepts an empty string as the value of a required variable", () => {
    expect(renderTemplate("[{{ speakers }}]", { speakers: "" }, rules)).toBe("[]");
  });
});

describe("scanTemplate", () => {
  it("reports lines relative to a first line and names the source", () => {
    expect(() => scanTemplate("ok\n{{ a.b }}", { firstLine: 10, source: "x.md" })).toThrow(
      /^x\.md: line 11: /,
    );
  });

  it("lists the distinct variables in order of first use", () => {
    expect(templateVariables("{{ b }} {{a}} {{ b }}")).toEqual(["b", "a"]);
  });
});

// Same-run growth ratios, not clock limits: ten times the input may take about ten times as long.
describe("renderTemplate runs in linear time", () => {
  it("renders a 1 MB body, and time grows with its length, not its square", () => {
    const body = `${"word {single} } ".repeat(20_000)}{{ title }}\n`.repeat(3).padEnd(1_000_000, "x");
    expect(renderTemplate(body, values, rules).split("Kick-off")).toHaveLength(4);
    const ratio = growthRatio(
      (n) => renderTemplate(`${"word {single} } ".repeat(n)}{{ title }}`, values, rules),
      5_000,
    );
    expect(ratio).toBeLessThan(5);
  });

  it("renders 100k tags, in time that grows with their number", () => {
    const out = renderTemplate("{{ title }}".repeat(100_000), values, rules);
    expect(out.length).toBe("Kick-off".length * 100_000);
    expect(growthRatio((n) => renderTemplate("{{ title }}".repeat(n), values, rules), 10_000)).toBeLessThan(
      4,
    );
  });

  it.each([
    ["unclosed {{", (n: number) => "{{".repeat(n)],
    ["{{ separated by text", (n: number) => "{{ a ".repeat(n)],
    ["a long run of single braces then a bad tag", (n: number) => `${"{ ".repeat(n)}{{ a.b }}`],
  ])("fails on %s in time that grows with the input, not its square", { timeout: 60_000 }, (_case, make) => {
    expect(() => renderTemplate(make(100_000), values, rules)).toThrow(TemplateError);
    const ratio = growthRatio((n) => {
      expect(() => renderTemplate(make(n), values, rules)).toThrow(TemplateError);
    }, 50_000);
    expect(ratio).toBeLessThan(5);
  });
});
