import { describe, expect, it } from "vitest";
import { contentWords, mergeFilters, parseQuery } from "./query";

describe("search queries", () => {
  it("takes free words, quoted phrases, exclusions and inline filters apart", () => {
    const q = parseQuery(
      'budget "voice recognition" -teletext speaker:"Project Manager" from:2024-01-01 meeting:m1',
    );
    expect(q.words).toEqual(["budget"]);
    expect(q.phrases).toEqual([["voice", "recognition"]]);
    expect(q.excluded).toEqual(["teletext"]);
    expect(q.filters).toEqual({ speaker: "Project Manager", from: "2024-01-01", meetings: ["m1"] });
  });

  it("keeps a filter with a bad value as words, so nothing typed is lost", () => {
    expect(parseQuery("from:soon launch")).toMatchObject({ words: ["from", "soon", "launch"], filters: {} });
  });

  it("lets a request parameter override the same inline filter", () => {
    expect(mergeFilters({ speaker: "Alice", to: "2024-02-01" }, { speaker: "Bob" })).toEqual({
      speaker: "Bob",
      to: "2024-02-01",
    });
  });

  it("drops the words that only frame a question, unless nothing else is left", () => {
    expect(contentWords(parseQuery("What did the group discuss about the battery?").words)).toEqual([
      "did",
      "the",
      "about",
      "the",
      "battery",
    ]);
    expect(contentWords(["discussion"])).toEqual(["discussion"]);
  });
});
