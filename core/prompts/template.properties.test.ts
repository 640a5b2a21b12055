import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TemplateError } from "../errors";
import { renderTemplate, scanTemplate, templateVariables } from "./template";

/**
 * The template renderer on arbitrary bodies and values: it renders or throws a TemplateError,
 * never anything else; a value is put in verbatim and never rendered again; text without `{{`
 * comes back as it was.
 */
const names = ["transcript_title", "analyzer_name", "notes", "x"] as const;
const piece = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(...names).map((n) => `{{ ${n} }}`),
  fc.constantFrom(
    "{{",
    "}}",
    "{{ }}",
    "{{ a | b }}",
    "{{ f() }}",
    "{{ a.b }}",
    "{% if %}",
    "{{#x}}",
    "{{\n}}",
    "{{ Name }}",
  ),
);
const body = fc.array(piece, { maxLength: 20 }).map((p) => p.join(""));
const rules = { allowed: new Set<string>(names), required: new Set<string>() };

describe("the template renderer, on any body", () => {
  it("renders or throws a TemplateError, nothing else", () => {
    fc.assert(
      fc.property(
        body,
        fc.dictionary(fc.constantFrom(...names), fc.string({ maxLength: 20 })),
        (b, values) => {
          try {
            const out = renderTemplate(b, values, rules);
            expect(typeof out).toBe("string");
          } catch (e) {
            expect(e).toBeInstanceOf(TemplateError);
          }
          try {
            expect(Array.isArray(templateVariables(b))).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(TemplateError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("puts a value in verbatim, once: a value that looks like a tag stays text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 20 }), (value, before) => {
        const safe = before.replaceAll("{", "").replaceAll("}", "");
        const out = renderTemplate(`${safe}{{ notes }}`, { notes: `{{ x }}${value}` }, rules);
        expect(out).toBe(`${safe}{{ x }}${value}`);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves text without braces as it was", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const plain = text.replaceAll("{", "").replaceAll("}", "");
        expect(renderTemplate(plain, {}, rules)).toBe(plain);
        expect(scanTemplate(plain).every((p) => p.kind === "text")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
