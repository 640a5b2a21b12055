/**
 * A JSON syntax check that says where it broke (line and column) and refuses deep nesting before
 * JSON.parse sees the text: V8's messages give a position only sometimes, and deeply nested input
 * is a way to exhaust a stack further on. Iterative, one pass, no regular expressions.
 */
export interface JsonSyntaxProblem {
  message: string;
  line: number;
  column: number;
}

/** What may come next. */
type Expect =
  | "value"
  | "value-or-array-end"
  | "key-or-object-end"
  | "key"
  | "colon"
  | "comma-or-end"
  | "nothing";

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

export function findJsonSyntaxProblem(text: string, maxDepth: number): JsonSyntaxProblem | undefined {
  const stack: string[] = [];
  let expect: Expect = "value";
  let i = 0;
  const fail = (message: string, at = i): JsonSyntaxProblem => ({ message, ...lineAndColumn(text, at) });
  const afterValue = (): Expect => (stack.length === 0 ? "nothing" : "comma-or-end");

  while (true) {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
    if (i >= text.length) {
      return expect === "nothing"
        ? undefined
        : fail("the JSON ends too early (a bracket or quote is not closed)");
    }
    const c = text[i]!;
    switch (expect) {
      case "nothing":
        return fail(`unexpected ${describe(c)} after the end of the JSON value`);
      case "colon":
        if (c !== ":") return fail(`expected ":" after a property name, found ${describe(c)}`);
        i++;
        expect = "value";
        break;
      case "comma-or-end": {
        const close = stack[stack.length - 1] === "{" ? "}" : "]";
        if (c === ",") {
          i++;
          expect = close === "}" ? "key" : "value";
        } else if (c === close) {
          i++;
          stack.pop();
          expect = afterValue();
        } else return fail(`expected "," or "${close}", found ${describe(c)}`);
        break;
      }
      case "key-or-object-end":
      case "key":
        if (c === "}" && expect === "key-or-object-end") {
          i++;
          stack.pop();
          expect = afterValue();
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== "number") return end;
          i = end;
          expect = "colon";
        } else return fail(`expected a property name in double quotes, found ${describe(c)}`);
        break;
      case "value":
      case "value-or-array-end": {
        if (c === "]" && expect === "value-or-array-end") {
          i++;
          stack.pop();
          expect = afterValue();
        } else if (c === "{" || c === "[") {
          if (stack.length >= maxDepth) return fail(`it is nested more than ${maxDepth} levels deep`);
          stack.push(c);
          i++;
          expect = c === "{" ? "key-or-object-end" : "value-or-array-end";
        } else {
          const end = c === '"' ? scanString(text, i) : scanScalar(text, i);
          if (typeof end !== "number") return end;
          i = end;
          expect = afterValue();
        }
        break;
      }
    }
  }

  function scanString(s: string, from: number): number | JsonSyntaxProblem {
    for (let j = from + 1; j < s.length; j++) {
      const ch = s.charCodeAt(j);
      if (ch === 0x22) return j + 1;
      if (ch < 0x20) return fail("a line break or control character inside a string", j);
      if (ch === 0x5c) {
        const next = s[j + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(j + 2, j + 6))) return fail("a bad \\u escape in a string", j);
          j += 5;
        } else if (next !== undefined && ESCAPES.has(next)) j++;
        else return fail("a bad escape in a string", j);
      }
    }
    return fail("a string is not closed", from);
  }

  function scanScalar(s: string, from: number): number | JsonSyntaxProblem {
    for (const word of ["true", "false", "null"]) {
      if (s.startsWith(word, from)) return from + word.length;
    }
    let j = from;
    if (s[j] === "-") j++;
    const digits = () => {
      const begin = j;
      while (j < s.length && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39) j++;
      return j - begin;
    };
    const intStart = j;
    if (digits() === 0 || (s[intStart] === "0" && j - intStart > 1)) {
      return fail(`unexpected ${describe(s[from]!)} where a value should be`, from);
    }
    if (s[j] === ".") {
      j++;
      if (digits() === 0) return fail("a number with nothing after its decimal point", j);
    }
    if (s[j] === "e" || s[j] === "E") {
      j++;
      if (s[j] === "+" || s[j] === "-") j++;
      if (digits() === 0) return fail("a number with a bad exponent", j);
    }
    return j;
  }
}

function describe(c: string): string {
  return /^[\x21-\x7e]$/.test(c)
    ? `"${c}"`
    : `the character U+${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

function lineAndColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let j = 0; j < at && j < text.length; j++) {
    if (text.charCodeAt(j) === 0x0a) {
      line++;
      lineStart = j + 1;
    }
  }
  return { line, column: at - lineStart + 1 };
}
