import { describe, expect, it } from "vitest";
import { parseVtt } from "./vtt";

const vtt = (...blocks: string[]) => ["WEBVTT", "", ...blocks.flatMap((b) => [b, ""])].join("\n");
const turns = (text: string) =>
  parseVtt(text).segments.map(({ speaker, start, end, text }) => ({ speaker, start, end, text }));

describe("parseVtt", () => {
  it("takes the speaker from a voice tag and the times from the cue", () => {
    expect(turns(vtt("00:00:01.000 --> 00:00:04.500\n<v Alice Smith>Hello there</v>"))).toEqual([
      { speaker: "Alice Smith", start: 1, end: 4.5, text: "Hello there" },
    ]);
  });

  it("reads a voice tag with classes and without a closing tag", () => {
    expect(turns(vtt("00:01.000 --> 00:02.000\n<v.loud.first Bob>Stop!"))).toEqual([
      { speaker: "Bob", start: 1, end: 2, text: "Stop!" },
    ]);
  });

  it("makes two voices in one cue two segments with the cue's times", () => {
    expect(turns(vtt("00:01.000 --> 00:03.000\n<v Alice>Coffee?</v>\n<v Bob>Please.</v>"))).toEqual([
      { speaker: "Alice", start: 1, end: 3, text: "Coffee?" },
      { speaker: "Bob", start: 1, end: 3, text: "Please." },
    ]);
  });

  it("reads a `Name:` prefix when the cue has no voice tag, and Unknown when it has neither", () => {
    expect(turns(vtt("00:01.000 --> 00:02.000\nAlice: Hi", "00:02.000 --> 00:03.000\njust words"))).toEqual([
      { speaker: "Alice", start: 1, end: 2, text: "Hi" },
      { speaker: "Unknown", start: 2, end: 3, text: "just words" },
    ]);
  });

  it("keeps a `Note:` line inside a voiced cue as text", () => {
    expect(turns(vtt("00:01.000 --> 00:02.000\n<v Alice>Right.\nNote: we ship Friday</v>"))[0]!.text).toBe(
      "Right. Note: we ship Friday",
    );
  });

  it("joins a multi-line cue with spaces", () => {
    expect(turns(vtt("00:01.000 --> 00:02.000\n<v Alice>one\ntwo\nthree"))[0]!.text).toBe("one two three");
  });

  it("skips NOTE, STYLE and REGION blocks, cue identifiers and cue settings", () => {
    const text = [
      "WEBVTT",
      "",
      "REGION",
      "id:fred width:40% lines:3",
      "",
      "STYLE",
      "::cue { color: red }",
      "",
      "NOTE this is a comment",
      "spanning lines",
      "",
      "intro-1",
      "00:00:01.000 --> 00:00:02.000 align:start line:0 position:10% size:50%",
      "<v Alice>Hi",
      "",
      "NOTE another",
      "",
      "2",
      "00:00:02.000 --> 00:00:03.000 region:fred",
      "<v Bob>Hello",
    ].join("\n");
    expect(turns(text)).toEqual([
      { speaker: "Alice", start: 1, end: 2, text: "Hi" },
      { speaker: "Bob", start: 2, end: 3, text: "Hello" },
    ]);
  });

  it("strips markup and inline timestamps and decodes entities", () => {
    const cue =
      "00:01.000 --> 00:05.000\n<v Alice><b>Bold</b>, <i>it</i> &amp; <c.yellow.bg>class</c> <00:00:02.000>later &lt;3&gt; &quot;q&quot;&nbsp;x";
    expect(turns(vtt(cue))[0]!.text).toBe('Bold, it & class later <3> "q"\u00a0x');
  });

  it("keeps ruby base text without its reading", () => {
    expect(turns(vtt("00:01.000 --> 00:02.000\n<v Ken><ruby>漢<rt>かん</rt></ruby>字"))[0]!.text).toBe(
      "漢字",
    );
  });

  it("reads Title and Date among the header lines, ignoring the others", () => {
    const t = parseVtt(
      "WEBVTT\nKind: captions\nTitle: Board call\nDate: 2025-10-01\n\n00:01.000 --> 00:02.000\n<v A>x\n",
    );
    expect(t).toMatchObject({ title: "Board call", date: "2025-10-01" });
  });

  it("tolerates a missing blank line, a zero-length cue and cues out of order", () => {
    const text = "WEBVTT\n\n00:05.000 --> 00:06.000\n<v B>second\n00:01.000 --> 00:01.000\n<v A>first\n";
    expect(turns(text)).toEqual([
      { speaker: "A", start: 1, end: 1, text: "first" },
      { speaker: "B", start: 5, end: 6, text: "second" },
    ]);
  });

  it("drops a cue that has no words and keeps the rest", () => {
    expect(turns(vtt("00:01.000 --> 00:02.000\n<v A></v>", "00:02.000 --> 00:03.000\n<v B>yes"))).toEqual([
      { speaker: "B", start: 2, end: 3, text: "yes" },
    ]);
  });

  it("reads a cue with a thousand nested tags (the limit is past that)", () => {
    expect(turns(vtt(`00:01.000 --> 00:02.000\n<v A>${"<i>".repeat(999)}deep`))[0]!.text).toBe("deep");
  });

  it("says its duration is the last cue's end", () => {
    expect(parseVtt(vtt("00:01.000 --> 01:00:02.250\n<v A>long")).durationSeconds).toBe(3602.25);
  });
});
