import { describe, expect, it } from "vitest";
import { countTokens } from "../llm/tokens";
import { buildContext, type ContextSection } from "./context";

const section = (id: string, words: number): ContextSection => ({
  id,
  name: id.toUpperCase(),
  stage: "A",
  text: Array.from({ length: words }, (_, i) => `word${i % 97}`).join(" "),
});

describe("the context a later stage reads", () => {
  const sections = [section("soul", 400), section("spin", 900), section("looping", 200)];

  it("keeps every output whole, under its heading, when they fit, whether the bound or the count decides", () => {
    const roomy = buildContext("speaker stats", sections, 1_000_000);
    expect(roomy.shortened).toEqual([]);
    expect(roomy.text).toContain("## Computed analyses (no model involved)\n\nspeaker stats");
    for (const s of sections) expect(roomy.text).toContain(`## ${s.name} (${s.id}, stage A)\n\n${s.text}`);
    // Just above the exact size but below the byte bound: counted, and still nothing is cut.
    const exact = countTokens(roomy.text);
    const tight = buildContext("speaker stats", sections, exact + 20);
    expect(tight.shortened).toEqual([]);
    expect(tight.text).toBe(roomy.text);
  });

  it("cuts outputs to a fair share when they do not fit, and says which", () => {
    const cut = buildContext("speaker stats", sections, 1_500);
    expect(cut.shortened).toContain("spin");
    expect(countTokens(cut.text)).toBeLessThanOrEqual(1_500 + 20);
    expect(cut.text).toContain("shortened to fit the context budget");
  });
});
