import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect";

describe("detectFormat", () => {
  it.each([
    ["notes.txt", "text"],
    ["NOTES.TXT", "text"],
    ["notes.md", "markdown"],
    ["notes.markdown", "markdown"],
    ["call.vtt", "vtt"],
    ["call.srt", "srt"],
    ["call.json", "json"],
    ["call.docx", "docx"],
  ] as const)("goes by the extension of %s", (name, format) => {
    // The content says otherwise; a known extension wins.
    expect(detectFormat(name, "WEBVTT\n\n")).toBe(name.endsWith("vtt") ? "vtt" : format);
  });

  it.each([
    ["WEBVTT\n\n00:01.000 --> 00:02.000\nhi", "vtt"],
    ["\uFEFFWEBVTT - captions\n", "vtt"],
    ["1\n00:00:01,000 --> 00:00:02,000\nhi", "srt"],
    ["1\r\n00:00:01,000 --> 00:00:02,000\r\nhi", "srt"],
    ["00:00:01.000 --> 00:00:02.000\nhi", "srt"],
    ['{"segments": []}', "json"],
    ['  [\n  {"speaker": "A", "text": "hi"}]', "json"],
    ["# Weekly sync\n\nAlice: hi", "markdown"],
    ["**Alice:** hi\n**Bob**: hello", "markdown"],
    ["- **Alice:** hi", "markdown"],
    ["Alice: hi", "text"],
    ["{vocalsound} Alice: hi", "text"],
    ["[00:12] Alice: hi", "text"],
    ["[Alice] hi", "text"],
    ["#1 priority is hiring", "text"],
    ["WEBVTTX", "text"],
  ] as const)("sniffs %j as %s when the name says nothing", (content, format) => {
    expect(detectFormat(undefined, content)).toBe(format);
    expect(detectFormat("upload.bin", content)).toBe(format);
    expect(detectFormat(undefined, new TextEncoder().encode(content))).toBe(format);
  });

  it("sniffs a zip as .docx and UTF-16 text by its content", () => {
    expect(detectFormat(undefined, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBe("docx");
    const utf16 = new Uint8Array([0xff, 0xfe, ..."WEBVTT\n".split("").flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(detectFormat(undefined, utf16)).toBe("vtt");
  });
});
