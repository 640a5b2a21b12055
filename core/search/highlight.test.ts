import { describe, expect, it } from "vitest";
import { bestSentence, distinctWords, highlight } from "./highlight";

describe("highlighting", () => {
  it("marks matched words and gives the text back whole, markup included as plain text", () => {
    const text = 'The <b>remote</b> & "remotes" stay.';
    const parts = highlight(text, (w) => w.startsWith("remote"));
    expect(parts.map((p) => p.text).join("")).toBe(text);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(["remote", "remotes"]);
    expect(parts[0]).toEqual({ text: "The <b>", match: false });
  });

  it("lists each word once, lowercase", () => {
    expect(distinctWords(["Battery and battery", "Can't stop"])).toEqual(["battery", "and", "can't", "stop"]);
  });

  it("picks the sentence whose matched words weigh most, cut around its match when long", () => {
    const weight = (w: string) => (w === "battery" ? 2 : w === "case" ? 1 : 0);
    expect(bestSentence("We need a case. The battery case is heavy.", weight).text).toBe(
      "The battery case is heavy.",
    );
    const long = `${"filler ".repeat(60)}battery ${"more ".repeat(60)}`;
    const cut = bestSentence(long, weight, { maxWords: 10 }).text;
    expect(cut).toMatch(/^… .*battery.* …$/);
    expect(cut.split(/\s+/).filter((w) => w !== "…")).toHaveLength(10);
  });
});
