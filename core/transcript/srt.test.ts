import { describe, expect, it } from "vitest";
import { parseSrt } from "./srt";

const turns = (text: string) =>
  parseSrt(text).segments.map(({ speaker, start, end, text }) => ({ speaker, start, end, text }));

describe("parseSrt", () => {
  it("reads numbered cues with `Name:` prefixes", () => {
    const text =
      "1\n00:00:01,000 --> 00:00:04,000\nAlice: Hello\n\n2\n00:00:04,500 --> 00:00:06,250\nBob: Hi\n";
    expect(turns(text)).toEqual([
      { speaker: "Alice", start: 1, end: 4, text: "Hello" },
      { speaker: "Bob", start: 4.5, end: 6.25, text: "Hi" },
    ]);
  });

  it("tolerates CRLF, a `.` decimal mark, missing cue numbers and a missing final newline", () => {
    const text =
      "00:00:01.000 --> 00:00:02.000\r\nAlice: one\r\n\r\n00:00:02.000 --> 00:00:03.000\r\nBob: two";
    expect(turns(text)).toEqual([
      { speaker: "Alice", start: 1, end: 2, text: "one" },
      { speaker: "Bob", start: 2, end: 3, text: "two" },
    ]);
  });

  it("opens a new turn at a caption's `>>`, named or not", () => {
    const text = "1\n00:00:01,000 --> 00:00:04,000\n>> Good evening.\n>> JOHN: Thanks.\n";
    expect(turns(text).map((t) => [t.speaker, t.text])).toEqual([
      ["Unknown", "Good evening."],
      ["JOHN", "Thanks."],
    ]);
  });

  it("joins multi-line cue text with spaces and reads `[Name]` and `<v Name>` speakers", () => {
    const text = [
      "1",
      "00:00:01,000 --> 00:00:02,000",
      "[Alice] first line",
      "second line",
      "",
      "2",
      "00:00:02,000 --> 00:00:03,000",
      "<v Bob>voiced</v>",
    ].join("\n");
    expect(turns(text)).toEqual([
      { speaker: "Alice", start: 1, end: 2, text: "first line second line" },
      { speaker: "Bob", start: 2, end: 3, text: "voiced" },
    ]);
  });

  it("splits a dialogue cue with `- Name:` lines into two segments", () => {
    expect(turns("1\n00:00:01,000 --> 00:00:02,000\n- Alice: Coffee?\n- Bob: Please.\n")).toEqual([
      { speaker: "Alice", start: 1, end: 2, text: "Coffee?" },
      { speaker: "Bob", start: 1, end: 2, text: "Please." },
    ]);
  });

  it("strips formatting tags and {\\an8} codes but keeps `{vocalsound}` markers and `<3`", () => {
    const text =
      '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Alice:</i> <font color="#fff">so</font> {vocalsound} <3\n';
    expect(turns(text)[0]).toMatchObject({ speaker: "Alice", text: "so {vocalsound} <3" });
  });

  it("ignores display coordinates after the end time", () => {
    expect(turns("1\n00:00:01,000 --> 00:00:02,000 X1:100 X2:200 Y1:10 Y2:20\nhi\n")[0]).toMatchObject({
      start: 1,
      end: 2,
      text: "hi",
    });
  });

  it("keeps text after a blank line inside a cue with that cue", () => {
    expect(
      turns(
        "1\n00:00:01,000 --> 00:00:02,000\nAlice: one\n\nmore\n\n2\n00:00:03,000 --> 00:00:04,000\nBob: two\n",
      ),
    ).toEqual([
      { speaker: "Alice", start: 1, end: 2, text: "one more" },
      { speaker: "Bob", start: 3, end: 4, text: "two" },
    ]);
  });

  it("reads the next cue when the blank line before it is missing", () => {
    expect(
      turns("1\n00:00:01,000 --> 00:00:02,000\nAlice: one\n2\n00:00:02,000 --> 00:00:03,000\nBob: two\n"),
    ).toEqual([
      { speaker: "Alice", start: 1, end: 2, text: "one" },
      { speaker: "Bob", start: 2, end: 3, text: "two" },
    ]);
  });

  it("gives a cue without a speaker to Unknown and keeps a zero-length cue", () => {
    expect(turns("1\n00:00:01,000 --> 00:00:01,000\nmusic plays\n")).toEqual([
      { speaker: "Unknown", start: 1, end: 1, text: "music plays" },
    ]);
  });
});
