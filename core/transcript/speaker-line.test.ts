import { describe, expect, it } from "vitest";
import { isLabelShaped, isSpeakerName, parseSpeakerLine } from "./speaker-line";

describe("parseSpeakerLine", () => {
  it.each([
    ["Alice: hello there", "Alice", undefined, "hello there"],
    ["[Alice] hello there", "Alice", undefined, "hello there"],
    ["[Alice]: hello there", "Alice", undefined, "hello there"],
    ["- Alice: hello there", "Alice", undefined, "hello there"],
    ["• Alice: hello there", "Alice", undefined, "hello there"],
    ["* Alice: hello there", "Alice", undefined, "hello there"],
    ["1. Alice: hello there", "Alice", undefined, "hello there"],
    ["> Alice: hello there", "Alice", undefined, "hello there"],
    ["[00:12] Alice: hello there", "Alice", 12, "hello there"],
    ["(00:12) Alice: hello there", "Alice", 12, "hello there"],
    ["00:12:03 Alice: hello there", "Alice", 723, "hello there"],
    ["[00:12:03.5] Alice: hello there", "Alice", 723.5, "hello there"],
    ["[1:02:03,250] Alice: hello there", "Alice", 3723.25, "hello there"],
    ["**Alice:** hello there", "Alice", undefined, "hello there"],
    ["**Alice**: hello there", "Alice", undefined, "hello there"],
    ["__Alice:__ hello there", "Alice", undefined, "hello there"],
    ["*Alice*: hello there", "Alice", undefined, "hello there"],
    ["- **Alice:** hello there", "Alice", undefined, "hello there"],
    ["Alice (00:12): hello there", "Alice", 12, "hello there"],
    ["Alice [01:00:00]: hello there", "Alice", 3600, "hello there"],
    ["Alice :  hello there", "Alice", undefined, "hello there"],
    ["张三：你好", "张三", undefined, "你好"],
    ["Alice:", "Alice", undefined, ""],
    // Parliamentary records: a role, then the member and riding in nested parentheses.
    [
      "The Chair (Hon. Jane Doe (Riding—Name, Lib.)): Order, please.",
      "The Chair (Hon. Jane Doe (Riding—Name, Lib.))",
      undefined,
      "Order, please.",
    ],
    [
      "Mr. John Smith (Parliamentary Secretary to the Minister of Finance, Lib.): Thank you.",
      "Mr. John Smith (Parliamentary Secretary to the Minister of Finance, Lib.)",
      undefined,
      "Thank you.",
    ],
    ["Some hon. members: Agreed.", "Some hon. members", undefined, "Agreed."],
    ["An hon. member: Shame.", "An hon. member", undefined, "Shame."],
    // Rev, Descript, Sonix: the time beside the name, before or after the colon.
    ["Speaker 1 (00:01:02): Welcome back.", "Speaker 1", 62, "Welcome back."],
    ["Alice Smith: [00:00:03] Hello", "Alice Smith", 3, "Hello"],
    // Diarization output (pyannote, WhisperX).
    ["SPEAKER_00: so we start", "SPEAKER_00", undefined, "so we start"],
    ["[00:00:03] SPEAKER_01: yes", "SPEAKER_01", 3, "yes"],
    // Court, broadcast and screenplay style capitals; closed captions' `>>`.
    ["JOHN SMITH: Good evening.", "JOHN SMITH", undefined, "Good evening."],
    ["MR. SMITH: Thank you.", "MR. SMITH", undefined, "Thank you."],
    // Research interviews.
    ["Interviewer: How did it start?", "Interviewer", undefined, "How did it start?"],
    ["Respondent: With a phone call.", "Respondent", undefined, "With a phone call."],
    ["P1: I use it daily.", "P1", undefined, "I use it daily."],
    ["Jane Doe, CEO: We grew.", "Jane Doe, CEO", undefined, "We grew."],
  ])("reads %j as a turn of %j", (line, speaker, start, text) => {
    expect(parseSpeakerLine(line)).toEqual({ speaker, start, text });
  });

  it.each([
    "Project Manager",
    "Grad A",
    "Professor B",
    "PM (Alex)",
    "Dr. Smith",
    "J.R.R. Tolkien",
    "Speaker 1",
    "Q",
    "A",
    "JOHN",
    "Mary-Jane O'Neil",
    "Head of Sales",
    "Ludwig van Beethoven",
    "José García",
  ])("takes the multi-word or unusual name %j", (name) => {
    expect(parseSpeakerLine(`${name}: we start now`)?.speaker).toBe(name);
  });

  it.each([
    ["a colon later in a sentence", "We need three things: time, money"],
    ["a sentence-like prefix", "So the point is: yes"],
    ["a lower-case single word", "well: that is it"],
    ["sentence punctuation before the colon", "Right, so: here we go"],
    ["a question before the colon", "Why? Because: reasons"],
    ["too many words", "One Two Three Four Five Six: text"],
    ["a name longer than 40 characters", `${"Abcdefghij ".repeat(4)}X: text`],
    ["a URL", "see https://example.com/a:b for details"],
    ["a URL at the start", "https://example.com: the site"],
    ["a time in a sentence", "at 10:30 we met"],
    ["a time at the start", "10:30 we met in the lobby"],
    ["a time with a colon after it", "10:30: coffee"],
    ["a number before the colon", "2024: a good year"],
    ["bold words with no colon", "**Important** stuff ahead"],
    ["a bracketed sound marker", "[inaudible] and then"],
    ["a bracketed capitalized sound marker", "[Laughter] and then"],
    ["plain text", "just some words"],
    ["an empty line", ""],
    ["a sentence opener before a comma", "Thanks, Bob: that helps"],
    ["an answer word before a comma", "Yes, Bob: we did"],
    ["a question in the parentheses", "The Chair (who asked?): nobody"],
    ["words after the parentheses", "Alice (the chair) said: go"],
    ["a structural word before parentheses", "Note (important): the budget is fixed"],
    ["a lower-case word in the name", "Member for Saanich: we agree"],
  ])("does not open a turn for %s (%j)", (_, line) => {
    expect(parseSpeakerLine(line)).toBeUndefined();
  });

  // The rule: structural labels and metadata keys (NOT_SPEAKERS) are text inside the current turn.
  it.each([
    "Note: the budget is fixed",
    "NOTE: the budget is fixed",
    "Action: Bob sends the deck",
    "Action item: Bob sends the deck",
    "Action Items: Bob sends the deck",
    "Decision: we ship on Friday",
    "TODO: book the room",
    "Next steps: review",
    "Question: who owns this?",
    "Step 2: install it",
    "Date: tomorrow",
    "Monday: planning",
    "Yes: we did",
  ])("keeps the label line %j inside the turn, never a speaker", (line) => {
    expect(parseSpeakerLine(line)).toBeUndefined();
  });

  it("opens an unattributed turn for a bracketed timestamp with no name", () => {
    expect(parseSpeakerLine("[00:12] We need three things: time, money")).toEqual({
      speaker: undefined,
      start: 12,
      text: "We need three things: time, money",
    });
    expect(parseSpeakerLine("(00:05) Note: later")).toEqual({
      speaker: undefined,
      start: 5,
      text: "Note: later",
    });
  });

  it("reads Zoom's `[Name] time` and Otter's `Name  time` header lines, words to follow", () => {
    expect(parseSpeakerLine("[Alice Smith] 10:32:15")).toEqual({
      speaker: "Alice Smith",
      start: 37935,
      text: "",
    });
    expect(parseSpeakerLine("Speaker 1  0:05")).toEqual({ speaker: "Speaker 1", start: 5, text: "" });
    expect(parseSpeakerLine("Meeting at 10:30")).toBeUndefined();
  });

  it("opens a turn of an unnamed speaker at a caption's `>>`, and of the one named after it", () => {
    expect(parseSpeakerLine(">> and then we left")).toEqual({
      speaker: undefined,
      start: undefined,
      text: "and then we left",
      change: true,
    });
    expect(parseSpeakerLine(">> JOHN SMITH: Good evening.")).toEqual({
      speaker: "JOHN SMITH",
      start: undefined,
      text: "Good evening.",
      change: true,
    });
    expect(parseSpeakerLine(">>ANNA: hi")?.speaker).toBe("ANNA");
    // One `>` is a Markdown quote mark, as before.
    expect(parseSpeakerLine("> Alice: hello")).toEqual({ speaker: "Alice", start: undefined, text: "hello" });
  });

  it("reads Teams' `Surname, Given  0:03` header line", () => {
    expect(parseSpeakerLine("Smith, Alice   0:03")).toEqual({ speaker: "Smith, Alice", start: 3, text: "" });
  });

  it("takes a label-shaped prefix it was told recurs as a speaker", () => {
    expect(parseSpeakerLine("interviewer: how did it start?")).toBeUndefined();
    expect(parseSpeakerLine("interviewer: how did it start?", new Set(["interviewer"]))?.speaker).toBe(
      "interviewer",
    );
  });

  it("collapses runs of spaces in a name", () => {
    expect(parseSpeakerLine("Project   Manager: ok")?.speaker).toBe("Project Manager");
  });
});

describe("isLabelShaped", () => {
  it("takes label-like prefixes that are not names, but no sentence and no structural word", () => {
    expect(isLabelShaped("interviewer")).toBe(true);
    expect(isLabelShaped("Member for Saanich—Gulf Islands")).toBe(true);
    expect(isLabelShaped("So the point is, really")).toBe(false);
    expect(isLabelShaped("Why not")).toBe(true);
    expect(isLabelShaped("Why not?")).toBe(false);
    expect(isLabelShaped("action items")).toBe(false);
    expect(isLabelShaped("one two three four five six seven eight nine")).toBe(false);
  });
});

describe("isSpeakerName", () => {
  it("refuses unbalanced parentheses and stray dots", () => {
    expect(isSpeakerName("PM (Alex")).toBe(false);
    expect(isSpeakerName("Finally. Bob")).toBe(false);
    expect(isSpeakerName("Minutes.Final")).toBe(false);
    expect(isSpeakerName("Dr. Who")).toBe(true);
  });
});
