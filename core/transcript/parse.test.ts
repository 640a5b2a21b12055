import { describe, expect, it } from "vitest";
import { parseTranscript } from "./parse";

describe("parseTranscript", () => {
  it("detects the format from the file name, then from the content", async () => {
    const vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Alice>hi\n";
    expect((await parseTranscript(vtt, { fileName: "call.vtt" })).format).toBe("vtt");
    expect((await parseTranscript(vtt)).format).toBe("vtt");
    expect((await parseTranscript('[{"speaker":"A1","text":"hi"}]')).format).toBe("json");
    expect((await parseTranscript("# Sync\n\nAlice: hi")).format).toBe("markdown");
  });

  it("lets an explicit format override the name and the content", async () => {
    const t = await parseTranscript("WEBVTT is a caption format.\nAlice: indeed", {
      fileName: "a.vtt",
      format: "text",
    });
    expect(t.format).toBe("text");
    expect(t.segments.map((s) => s.speaker)).toEqual(["Unknown", "Alice"]);
  });

  it("accepts bytes and strings alike", async () => {
    const fromBytes = await parseTranscript(new TextEncoder().encode("Alice: hi"));
    const fromString = await parseTranscript("Alice: hi");
    expect(fromBytes).toEqual(fromString);
  });

  it("honours a smaller maxBytes", async () => {
    await expect(parseTranscript("Alice: hello", { maxBytes: 5 })).rejects.toMatchObject({
      code: "too_large",
    });
    await expect(parseTranscript("Alice: hi", { maxBytes: 9 })).resolves.toMatchObject({
      speakers: ["Alice"],
    });
  });
});
