import { describe, expect, it } from "vitest";
import { quoteSpan, shorten } from "./insight-text";
import { cleanText } from "./tokenize";

const DECIDED = /\bwe decided\b/i;

describe("quoteSpan", () => {
  it("quotes a short sentence whole, without markers at its ends", () => {
    const raw = "{vocalsound} So we decided to use rubber . {disfmarker}";
    const { start, end } = quoteSpan(raw, DECIDED, 6);
    expect(raw.slice(start, end)).toBe("So we decided to use rubber .");
  });

  it("quotes the clauses of a long sentence that hold the cue, verbatim", () => {
    const raw =
      "Well , first of all there was a long talk about the budget and the colours and the shape , " +
      "and about the price of the chips {disfmarker} and so we decided to use the rubber case , " +
      "which nobody had thought of , and then we had lunch and talked about the weather for a while .";
    const { start, end } = quoteSpan(raw, DECIDED, 60);
    const quote = raw.slice(start, end);
    expect(quote).toBe("and so we decided to use the rubber case");
    expect(raw).toContain(quote);
    expect(DECIDED.test(cleanText(quote))).toBe(true);
  });
});

describe("shorten", () => {
  it("drops openers and keeps a short summary as it is", () => {
    expect(shorten("So, okay, we decided to use rubber.", DECIDED)).toBe("We decided to use rubber.");
  });

  it("starts a long one at the clause with the cue and cuts it to thirty words", () => {
    const long = `There was a fierce argument about the best cake and so we decided to have a contest ${"with many judges ".repeat(10)}`;
    const summary = shorten(long, DECIDED);
    expect(summary.startsWith("We decided to have a contest")).toBe(true);
    expect(summary.endsWith("…")).toBe(true);
    expect(summary.split(" ").length).toBe(30);
  });
});
