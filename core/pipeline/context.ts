import { countTokens, tokensAtMost } from "../llm/tokens";
import { allocateBudget, truncateToTokens } from "./budget";

export interface ContextSection {
  id: string;
  name: string;
  stage: string;
  text: string;
}

/**
 * The context a later stage reads: the computed analyses, then each earlier analyzer's output
 * under its own heading, cut to a fair share of `budgetTokens` when they do not all fit.
 * Returns the text and which sections were shortened.
 */
export function buildContext(
  computed: string,
  sections: ContextSection[],
  budgetTokens: number,
): { text: string; shortened: string[] } {
  const head = `## Computed analyses (no model involved)\n\n${computed}`;
  const headings = sections.map((s) => `## ${s.name} (${s.id}, stage ${s.stage})\n\n`);
  const parts = sections.map((s, i) => headings[i] + s.text);
  // Everything fits by the byte bound: nothing to cut, so nothing needs counting.
  const atMost = tokensAtMost(head) + parts.reduce((a, p) => a + tokensAtMost(p) + 2, 0);
  if (atMost <= budgetTokens) return { text: [head, ...parts].join("\n\n"), shortened: [] };
  const fixed = countTokens(head) + headings.reduce((a, h) => a + countTokens(h) + 2, 0);
  const lengths = sections.map((s) => countTokens(s.text));
  const alloc = allocateBudget(lengths, Math.max(0, budgetTokens - fixed));
  const shortened: string[] = [];
  const cut = sections.map((s, i) => {
    if (alloc[i]! < lengths[i]!) shortened.push(s.id);
    return headings[i] + truncateToTokens(s.text, alloc[i]!, countTokens);
  });
  return { text: [head, ...cut].join("\n\n"), shortened };
}
