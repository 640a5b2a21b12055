import { describe, expect, it } from "vitest";
import { cleanText, sentenceSpans, tidyText, words } from "./tokenize";

describe("cleanText", () => {
  it("removes corpus markers and the space before punctuation", () => {
    expect(cleanText("Okay Right {vocalsound} Um well this is {disfmarker} the kick-off meeting .")).toBe(
      "Okay Right Um well this is the kick-off meeting.",
    );
  });

  it("joins clitics, hyphens and spelled letters that the corpus splits", () => {
    expect(cleanText("I 'm sure it 's a Bayes - net , don 't you think ? T_V_ and D_V_D_")).toBe(
      "I'm sure it's a Bayes-net, don't you think? TV and DVD",
    );
  });

  it("leaves no dangling comma where a marker was", () => {
    expect(cleanText("{disfmarker} , so uh , {disfmarker} , we go")).toBe("so uh, we go");
  });
});

describe("words", () => {
  it("counts real words only: no markers, no punctuation-only tokens", () => {
    expect(words("Mm - hmm . {vocalsound} I 'll send it , OK ? - -")).toEqual([
      "mm-hmm",
      "i'll",
      "send",
      "it",
      "ok",
    ]);
  });

  it("keeps decimals and apostrophes inside words", () => {
    expect(words("It costs 12.5 Euros, doesn't it?")).toEqual([
      "it",
      "costs",
      "12.5",
      "euros",
      "doesn't",
      "it",
    ]);
  });
});

describe("sentenceSpans", () => {
  it("splits on end punctuation and returns verbatim slices", () => {
    const raw = "Um well this is it . Do you agree ? Yes !";
    const spans = sentenceSpans(raw).map(({ start, end }) => raw.slice(start, end));
    expect(spans).toEqual(["Um well this is it .", "Do you agree ?", "Yes !"]);
  });

  it("does not split after an abbreviation or inside a number", () => {
    const raw = "Ask Dr. Smith about the 12.5 Euro price, e.g. the margin. Then stop";
    expect(sentenceSpans(raw).map(({ start, end }) => raw.slice(start, end))).toEqual([
      "Ask Dr. Smith about the 12.5 Euro price, e.g. the margin.",
      "Then stop",
    ]);
  });

  it("attaches a stray closing quote to the sentence before it", () => {
    const raw = 'he says " a large espresso ? " and leaves .';
    expect(sentenceSpans(raw).map(({ start, end }) => raw.slice(start, end))).toEqual([
      'he says " a large espresso ? "',
      "and leaves .",
    ]);
  });
});

describe("tidyText", () => {
  it("drops hesitations and stutters and capitalizes", () => {
    expect(
      tidyText(cleanText("um does it need internet , or or do do we stay at basic basic uh interface .")),
    ).toBe("Does it need internet, or do we stay at basic interface.");
  });

  it("drops 'eh', 'ah' and 'mm-hmm' and a word said three times, but keeps words that contain them", () => {
    expect(tidyText(cleanText("eh I I I think , mm-hmm , the ah behaviour is ahead ."))).toBe(
      "I think, the behaviour is ahead.",
    );
  });
});
