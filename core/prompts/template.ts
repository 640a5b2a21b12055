/**
 * The logic-less template language of prompt files: `{{ name }}` and nothing else, so an edited
 * prompt can never run code (the earlier tool used Jinja2). One linear scan, no backtracking regex.
 */
import { TemplateError } from "../errors";
import { ABSENT_BLOCK_NOTES, BLOCK_POINTERS, isBlockInput } from "./variables";

export type TemplatePart = { kind: "text"; text: string } | { kind: "variable"; name: string; line: number };

export interface ScanOptions {
  /** Line number of the body's first line, so errors point into the whole file. */
  firstLine?: number;
  /** File or origin named in error messages. */
  source?: string;
}

export interface RenderRules {
  /** Names the body may use: small variables and block inputs. */
  allowed: ReadonlySet<string>;
  /** Small variables that must have a value. */
  required: ReadonlySet<string>;
  /** Block inputs present in the request; a block name outside it renders as a note that it is absent. */
  blocks?: ReadonlySet<string>;
}

const NAME = /^[a-z][a-z0-9_]*$/;
const NEWLINE = 10;

const fail = (options: ScanOptions, line: number, message: string, tag?: string): never => {
  const where = options.source ? `${options.source}: line ${line}` : `line ${line}`;
  throw new TemplateError(`${where}: ${message}`, {
    details: tag === undefined ? { line } : { line, tag },
  });
};

const snippet = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

function explainBadTag(inner: string): string {
  const name = inner.trim();
  if (name === "") return "empty tag {{ }}; write {{ name }} with a variable name";
  if (inner.includes("{{") || inner.includes("\n")) return "a {{ tag is not closed with }} on the same line";
  if (name.includes("|")) return `filters are not supported in {{ ${snippet(name)} }}; write {{ name }} only`;
  if (name.includes("("))
    return `function calls are not supported in {{ ${snippet(name)} }}; write {{ name }} only`;
  if (name.includes(".") || name.includes("["))
    return `property access is not supported in {{ ${snippet(name)} }}; write {{ name }} only`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    return `invalid variable name "${name}": names are lowercase letters, digits and _, starting with a letter`;
  return `only {{ name }} is supported, found {{ ${snippet(name)} }}`;
}

/** Splits a body into text and `{{ name }}` parts; any other template-like syntax is a TemplateError. */
export function scanTemplate(body: string, options: ScanOptions = {}): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let line = options.firstLine ?? 1;
  let counted = 0; // newlines are counted up to here, so the whole scan stays linear
  const lineAt = (pos: number): number => {
    for (; counted < pos; counted++) if (body.charCodeAt(counted) === NEWLINE) line++;
    return line;
  };

  let textStart = 0;
  let i = body.indexOf("{");
  while (i !== -1) {
    const next = body[i + 1];
    if (next === "%")
      fail(options, lineAt(i), "template statements ({% ... %}) are not supported; only {{ name }} is");
    if (next === "#")
      fail(options, lineAt(i), "template comments ({# ... #}) are not supported; only {{ name }} is");
    if (next !== "{") {
      i = body.indexOf("{", i + 1);
      continue;
    }
    if (body[i + 2] === "{")
      fail(options, lineAt(i), "triple braces {{{ }}} are not supported; write {{ name }}");
    const close = body.indexOf("}}", i + 2);
    if (close === -1) fail(options, lineAt(i), "a {{ tag is never closed with }}");
    const inner = body.slice(i + 2, close);
    const name = inner.trim();
    if (!NAME.test(name) || inner.includes("\n"))
      fail(options, lineAt(i), explainBadTag(inner), snippet(inner));
    if (body[close + 2] === "}")
      fail(options, lineAt(i), "triple braces {{{ }}} are not supported; write {{ name }}");
    if (i > textStart) parts.push({ kind: "text", text: body.slice(textStart, i) });
    parts.push({ kind: "variable", name, line: lineAt(i) });
    textStart = close + 2;
    i = body.indexOf("{", textStart);
  }
  if (textStart < body.length) parts.push({ kind: "text", text: body.slice(textStart) });
  return parts;
}

/** The distinct variable names a body uses, in order of first use. */
export function templateVariables(body: string, options: ScanOptions = {}): string[] {
  const names = new Set<string>();
  for (const part of scanTemplate(body, options)) if (part.kind === "variable") names.add(part.name);
  return [...names];
}

const listOrNone = (names: Iterable<string>): string => [...names].sort().join(", ") || "none";

/**
 * Substitutes `{{ name }}` with `values[name]`, verbatim and once (a value is never rendered again).
 * Block names render as a pointer to their block, which compose places before the instructions.
 */
export function renderTemplate(body: string, values: Record<string, string>, rules: RenderRules): string {
  const parts = scanTemplate(body);
  const missing = [...rules.required].filter((name) => !isBlockInput(name) && !Object.hasOwn(values, name));
  if (missing.length > 0) {
    const used = parts.find((p) => p.kind === "variable" && p.name === missing[0]);
    const where = used?.kind === "variable" ? `line ${used.line}: ` : "";
    throw new TemplateError(`${where}required variable(s) with no value: ${missing.join(", ")}`, {
      details: { missing },
    });
  }

  let out = "";
  for (const part of parts) {
    if (part.kind === "text") {
      out += part.text;
      continue;
    }
    const { name, line } = part;
    if (!rules.allowed.has(name)) {
      throw new TemplateError(
        `line ${line}: unknown variable "${name}"; allowed here: ${listOrNone(rules.allowed)}`,
        {
          details: { line, name },
        },
      );
    }
    if (isBlockInput(name)) {
      out += !rules.blocks || rules.blocks.has(name) ? BLOCK_POINTERS[name] : ABSENT_BLOCK_NOTES[name];
    } else {
      out += Object.hasOwn(values, name) ? values[name] : "";
    }
  }
  return out;
}
