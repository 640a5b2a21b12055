/**
 * PostgreSQL's text form of a `tsvector`: `'lexeme':3,7A 'other':2`, lexemes in single quotes
 * (a quote inside doubled, a backslash escaped), positions with an optional weight letter.
 */
const ENTRY = /'((?:[^'\\]|''|\\.)*)'(?::([0-9A-D,]+))?/g;

/** Each lexeme with its positions (empty when the vector has none). */
export function parseTsvector(text: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const m of text.matchAll(ENTRY)) {
    const lexeme = m[1]!.replace(/''/g, "'").replace(/\\(.)/g, "$1");
    out[lexeme] = m[2] ? m[2].split(",").map((p) => Number.parseInt(p, 10)) : [];
  }
  return out;
}

/** A tsquery of lexemes joined by `|`, each quoted as the tsquery syntax wants. */
export function anyOfLexemes(lexemes: readonly string[]): string {
  return lexemes.map((l) => `'${l.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(" | ");
}
