import { describe, expect, it } from "vitest";
import { parseTextTranscript } from "./text";

const turns = (text: string, format: "text" | "markdown" = "text") =>
  parseTextTranscript(text, format).segments.map(({ speaker, text, start }) =>
    start === undefined ? { speaker, text } : { speaker, text, start },
  );

describe("parseTextTranscript", () => {
  it("keeps two consecutive turns by the same speaker as two segments", () => {
    expect(turns("Alice: one\nAlice: two\nBob: three")).toEqual([
      { speaker: "Alice", text: "one" },
      { speaker: "Alice", text: "two" },
      { speaker: "Bob", text: "three" },
    ]);
  });

  it("joins continuation lines to the turn above with a line break, over blank lines", () => {
    expect(turns("Alice: first line\n  second line\n\nthird line\nBob: ok\r\nstill Bob")).toEqual([
      { speaker: "Alice", text: "first line\nsecond line\nthird line" },
      { speaker: "Bob", text: "ok\nstill Bob" },
    ]);
  });

  it("keeps a colon-in-a-sentence line, a URL line and a Note: line inside the turn", () => {
    const text = [
      "Alice: Let us see.",
      "We need three things: time, money",
      "see https://example.com:8080/x",
      "Note: the budget is fixed",
      "Action item: Bob books the room",
      "Bob: Fine.",
    ].join("\n");
    expect(turns(text)).toEqual([
      {
        speaker: "Alice",
        text: "Let us see.\nWe need three things: time, money\nsee https://example.com:8080/x\nNote: the budget is fixed\nAction item: Bob books the room",
      },
      { speaker: "Bob", text: "Fine." },
    ]);
  });

  it("reads speakers' timestamps as seconds", () => {
    expect(turns("[00:00:05] Alice: hi\n(01:30) Bob: hello\nCarol (1:00:00): late")).toEqual([
      { speaker: "Alice", text: "hi", start: 5 },
      { speaker: "Bob", text: "hello", start: 90 },
      { speaker: "Carol", text: "late", start: 3600 },
    ]);
  });

  it("turns timestamped lines without a speaker into Unknown segments", () => {
    expect(turns("[00:01] Hello everyone\n[00:05] Let us begin")).toEqual([
      { speaker: "Unknown", text: "Hello everyone", start: 1 },
      { speaker: "Unknown", text: "Let us begin", start: 5 },
    ]);
  });

  it("reads Title, Date and Duration headers before the first turn, and they are not speakers", () => {
    const t = parseTextTranscript(
      "Title: Budget review\nDate: 1 October 2025\nDuration: 45 min\n\nAlice: hi",
      "text",
    );
    expect(t).toMatchObject({ title: "Budget review", date: "2025-10-01", durationSeconds: 2700 });
    expect(t.speakers).toEqual(["Alice"]);
    expect(t.segments).toHaveLength(1);
  });

  it("reads headers dressed as Markdown or list items", () => {
    const t = parseTextTranscript(
      "**Title:** Sync\n- Date: 10/01/2025\n**Duration**: 1:02:03\nAlice: hi",
      "markdown",
    );
    expect(t).toMatchObject({ title: "Sync", date: "2025-10-01", durationSeconds: 3723 });
  });

  it("keeps a header-like line after the first turn as text of that turn", () => {
    const t = parseTextTranscript("Alice: hi\nDate: 2025-10-01", "text");
    expect(t.date).toBeUndefined();
    expect(t.segments[0]!.text).toBe("hi\nDate: 2025-10-01");
  });

  it("keeps a header whose value does not read (Date: next week) as text", () => {
    const t = parseTextTranscript("Date: next week\n\nAlice: hi", "text");
    expect(t.date).toBeUndefined();
    expect(t.segments[0]).toMatchObject({ speaker: "Unknown", text: "Date: next week" });
  });

  it("takes a Markdown heading as the title when there is no Title header", () => {
    const t = parseTextTranscript("# Weekly sync\n\n**Alice:** hi\n**Bob**: hello", "markdown");
    expect(t.title).toBe("Weekly sync");
    expect(t.segments.map((s) => s.speaker)).toEqual(["Alice", "Bob"]);
  });

  it("prefers a Title header over a heading, keeping the heading as text", () => {
    const t = parseTextTranscript("# Notes\nTitle: Real title\n\nAlice: hi", "markdown");
    expect(t.title).toBe("Real title");
    expect(t.segments[0]).toMatchObject({ speaker: "Unknown", text: "# Notes" });
  });

  it("reads YAML front matter's title and date, and leaves its other keys out", () => {
    const t = parseTextTranscript(
      '---\ntitle: "Weekly sync"\ndate: 2025-10-01\ntags: [meeting]\n---\nAlice: hi',
      "markdown",
    );
    expect(t).toMatchObject({ title: "Weekly sync", date: "2025-10-01" });
    expect(t.segments).toEqual([{ id: "seg-1", index: 0, speaker: "Alice", text: "hi" }]);
  });

  it("keeps Markdown emphasis out of names but corpus markers in the text", () => {
    expect(turns("**Alice:** Um {vocalsound} yes {disfmarker}", "markdown")).toEqual([
      { speaker: "Alice", text: "Um {vocalsound} yes {disfmarker}" },
    ]);
  });

  it("makes paragraphs into Unknown segments when no line names a speaker", () => {
    const t = parseTextTranscript(
      "Title: Memo\n\nFirst paragraph,\nstill first.\n\n\nSecond paragraph.",
      "text",
    );
    expect(t.title).toBe("Memo");
    expect(t.speakers).toEqual(["Unknown"]);
    expect(t.segments.map((s) => s.text)).toEqual(["First paragraph,\nstill first.", "Second paragraph."]);
  });

  it("keeps text before the first turn as Unknown paragraphs instead of dropping it", () => {
    expect(turns("Attendees: Alice, Bob\n\nAlice: hi")).toEqual([
      { speaker: "Unknown", text: "Attendees: Alice, Bob" },
      { speaker: "Alice", text: "hi" },
    ]);
  });

  it("drops only turns with no text at all", () => {
    expect(turns("Alice:\nBob: ?\nCarol: ...")).toEqual([
      { speaker: "Bob", text: "?" },
      { speaker: "Carol", text: "..." },
    ]);
  });

  it("gives the words below a name-only line to that speaker", () => {
    expect(turns("ALICE:\nWelcome all.\n\nBOB:\nThanks.")).toEqual([
      { speaker: "ALICE", text: "Welcome all." },
      { speaker: "BOB", text: "Thanks." },
    ]);
  });

  it("reads interview Q/A transcripts", () => {
    expect(turns("Q: What do you do?\nA: I build things.\nQ: Why?").map((t) => t.speaker)).toEqual([
      "Q",
      "A",
      "Q",
    ]);
  });

  it("reads a parliamentary record, nested parentheses and collective voices included", () => {
    const chair = "The Chair (Hon. Jane Doe (Riding—Name, Lib.))";
    const text = [
      `${chair}: Order. We resume.`,
      "Mr. John Smith (Parliamentary Secretary to the Minister of Finance, Lib.): Thank you, Chair.",
      "Some hon. members: Agreed.",
      `${chair}: Carried.`,
    ].join("\n");
    expect(turns(text).map((t) => t.speaker)).toEqual([
      chair,
      "Mr. John Smith (Parliamentary Secretary to the Minister of Finance, Lib.)",
      "Some hon. members",
      chair,
    ]);
  });

  it("reads Teams' .docx transcript: cue timing, then the name, then the words", () => {
    const text = "0:0:0.0 --> 0:0:1.510\nSome Body\nOK. Yeah.\n0:0:3.270 --> 0:0:4.250\nJames Bond\nUmm.";
    expect(turns(text)).toEqual([
      { speaker: "Some Body", text: "OK. Yeah.", start: 0 },
      { speaker: "James Bond", text: "Umm.", start: 3.27 },
    ]);
  });

  it("reads Otter's and Teams' `Name  0:05` and Zoom's `[Name] 10:32:15` headers with the words below", () => {
    expect(turns("Alice Smith  0:05\nHello all.\n\nSmith, Bob   0:12\nHi.")).toEqual([
      { speaker: "Alice Smith", text: "Hello all.", start: 5 },
      { speaker: "Smith, Bob", text: "Hi.", start: 12 },
    ]);
    expect(turns("[Alice Smith] 10:32:15\nHello everyone")).toEqual([
      { speaker: "Alice Smith", text: "Hello everyone", start: 37935 },
    ]);
  });

  it("gives a time alone on its line to the next turn and never keeps it as words (Google Meet)", () => {
    const text = "00:00:00\n\nAlice Smith: Hello.\nBob Jones: Hi.\n00:05:00\n\nAlice Smith: Next point.";
    expect(turns(text)).toEqual([
      { speaker: "Alice Smith", text: "Hello.", start: 0 },
      { speaker: "Bob Jones", text: "Hi." },
      { speaker: "Alice Smith", text: "Next point.", start: 300 },
    ]);
  });

  it("makes words after a time alone an unnamed turn (YouTube), even a one-word one", () => {
    expect(turns("0:03\nHello\n0:07\nlet's begin")).toEqual([
      { speaker: "Unknown", text: "Hello", start: 3 },
      { speaker: "Unknown", text: "let's begin", start: 7 },
    ]);
  });

  it("reads diarization labels and a caption's `>>` speaker changes", () => {
    expect(turns("SPEAKER_00: so we start\nSPEAKER_01: fine").map((t) => t.speaker)).toEqual([
      "SPEAKER_00",
      "SPEAKER_01",
    ]);
    expect(turns(">> Good evening.\n>> JOHN SMITH: Thanks.\nand welcome back")).toEqual([
      { speaker: "Unknown", text: "Good evening." },
      { speaker: "JOHN SMITH", text: "Thanks.\nand welcome back" },
    ]);
  });

  it("takes a label that fails the name test as a speaker when it opens two lines or more", () => {
    const text =
      "interviewer: how did it start?\nrespondent: with a call.\ninterviewer: and then?\nrespondent: a visit.";
    expect(turns(text).map((t) => t.speaker)).toEqual([
      "interviewer",
      "respondent",
      "interviewer",
      "respondent",
    ]);
  });

  it("keeps a one-off label-shaped line that fails the name test inside the turn, as text", () => {
    // Said once, "Member for Saanich" could be a sentence ("Member for Saanich: a long title"); twice, it is a speaker.
    const once = "Alice: We start.\nMember for Saanich: I object.\nBob: Noted.";
    expect(turns(once)).toEqual([
      { speaker: "Alice", text: "We start.\nMember for Saanich: I object." },
      { speaker: "Bob", text: "Noted." },
    ]);
    const twice = `${once}\nMember for Saanich: Again.`;
    expect(turns(twice).map((t) => t.speaker)).toEqual([
      "Alice",
      "Member for Saanich",
      "Bob",
      "Member for Saanich",
    ]);
  });

  it("says the format it was asked for", () => {
    expect(parseTextTranscript("Alice: hi", "markdown").format).toBe("markdown");
    expect(parseTextTranscript("Alice: hi", "docx").format).toBe("docx");
  });
});
